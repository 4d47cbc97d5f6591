"""The plain chat examples as arrays: sums per example over their messages, empty examples included."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.data.plain_chats import ListedMessages


def listed(lengths: list[int]) -> ListedMessages:
    lengths_array = np.array(lengths, np.int32)
    messages = int(lengths_array.sum())
    return ListedMessages(
        positions=np.arange(len(lengths), dtype=np.int32), starts=np.cumsum(lengths_array) - lengths_array,
        empty=lengths_array == 0, roles=np.zeros(messages, np.int32), role_names=("user",),
        role_tokens=np.zeros(1, np.int32), content_tokens=np.zeros(messages, np.int32),
        content_masks=np.zeros(messages, np.uint8))


@pytest.mark.parametrize("lengths", [[2, 0, 3], [0, 1, 1], [3, 1, 0], [0], [0, 0, 2, 0], [1], [4, 5, 6]])
def test_each_example_sums_its_own_messages_and_an_empty_one_gets_zero(lengths: list[int]) -> None:
    arrays = listed(lengths)
    values = np.arange(1, sum(lengths) + 1, dtype=np.int32) * 7
    expected, start = [], 0
    for length in lengths:  # the same sums, by hand
        expected.append(sum(int(value) for value in values[start:start + length]))
        start += length
    sums = arrays.each_example(values)
    assert sums.tolist() == expected and sums.dtype == np.int64


def test_no_plain_chat_example_gives_no_sum() -> None:
    assert listed([]).each_example(np.zeros(0, np.int32)).tolist() == []
