"""What each option costs: the dated price tables, GPU arithmetic, the scenario and the side-by-side comparison."""
