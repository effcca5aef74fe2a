"""The context model's first pass reads every training writer exactly once, with models that never saw it."""

from __future__ import annotations

from evaluation.train_model import writer_folds


def test_every_writer_is_in_exactly_one_group() -> None:
    writers = [f"w{k}" for k in range(1, 66)]
    groups = writer_folds(writers)
    assert len(groups) == 8
    assert sorted(w for group in groups for w in group) == sorted(writers)
    assert max(map(len, groups)) - min(map(len, groups)) <= 1


def test_fewer_writers_than_groups_leaves_one_writer_out_at_a_time() -> None:
    assert writer_folds(["A", "w3"]) == [["A"], ["w3"]]
