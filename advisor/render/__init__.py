"""What leaves the advisor: the report, its charts, the cleaned exports and starter configs, and the escaping helper."""
