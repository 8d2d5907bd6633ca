"""The domain's words, each defined once (lib/vocab.py), and a palette that reads for everyone: every text colour
meets 4.5:1 against what it is drawn on, RAG marks differ in lightness as well as hue, and every status has a shape
and a word beside its colour."""

from __future__ import annotations

import pytest

from lib import vocab
from lib.vocab import RAG_SWATCH


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_worked_out_as_wcag_does():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("status", list(RAG_SWATCH))
def test_text_on_every_swatch_reads_at_4_5_to_1(status):
    swatch = RAG_SWATCH[status]
    assert contrast(swatch.ink, swatch.tint) >= 4.5  # a tag or table cell
    assert contrast(swatch.ink, "#ffffff") >= 4.5  # the same text on the page
    assert contrast(swatch.on_fill, swatch.fill) >= 4.5  # a label on a bar of the colour


@pytest.mark.parametrize("status", vocab.RAG_ORDER)
def test_rag_marks_stand_out_from_the_page(status):
    assert contrast(RAG_SWATCH[status].fill, "#ffffff") >= 2.0 or status == vocab.AMBER
    assert contrast(RAG_SWATCH[vocab.AMBER].fill, "#111111") >= 4.5  # amber is light: dark edges and text on it


@pytest.mark.parametrize("status", vocab.STATUSES)
def test_status_labels_read_on_their_bars_and_every_status_has_a_shape(status):
    assert contrast(vocab.STATUS_ON_FILL[status], vocab.STATUS_COLOURS[status]) >= 4.5  # a count inside its segment
    assert vocab.status_text(status) == f"{vocab.STATUS_MARKS[status]} {status}"
    assert len(set(vocab.STATUS_MARKS.values())) == len(vocab.STATUSES)


def test_red_amber_and_green_differ_in_lightness_not_only_hue():
    """Red-green colour-blind readers tell them apart by lightness (and by the shape and word beside them)."""
    levels = sorted(luminance(RAG_SWATCH[r].fill) for r in vocab.RAG_ORDER)
    assert all(b / a >= 1.5 for a, b in zip(levels, levels[1:]))


def test_every_status_has_its_own_shape_and_word():
    shapes = [s.shape for s in RAG_SWATCH.values()]
    assert len(set(shapes)) == len(shapes)
    assert vocab.rag_text("Red") == "▲ Red" and vocab.rag_text(None) == "not stated"


@pytest.mark.parametrize(("word", "rag"), [("R", "Red"), ("amber", "Amber"), ("Yellow", "Amber"), ("g.", "Green"),
                                           ("blue", None), ("▲ Red", "Red"), ("● Green", "Green")])
def test_rag_words(word, rag):
    assert vocab.rag_of(word) == rag


@pytest.mark.parametrize(("word", "sector"), [("LA", "In-house"), ("in house", "In-house"), ("Third sector",
                                              "Independent"), ("Private", "Independent"), ("NHS", None)])
def test_sector_words(word, sector):
    assert vocab.sector_of(word) == sector


def test_status_and_polarity_words():
    assert vocab.action_status("On track") == "In progress" and vocab.action_status("done.") == "Complete"
    assert vocab.polarity_of("Lower is better") == vocab.LOWER and vocab.polarity_of("up") == vocab.HIGHER
    assert vocab.polarity_of("sideways") is None
