"""Cut a long text into windows of bounded size, at word boundaries.

One document response carries one window of the article (``part``), so no
request's work or body grows with the article: a client pages through the
rest. Windows end at the last white space in their second half, so no word
is cut in two; a text without spaces there is cut at the size itself.
"""

from __future__ import annotations

Span = tuple[int, int]


def split_windows(text: str, size: int) -> list[Span]:
    """``(start, end)`` of each window of ``text``, in order, covering it all.

    An empty text is one empty window, so part 1 always exists.
    """
    windows: list[Span] = []
    start = 0
    while len(text) - start > size:
        cut = max(
            text.rfind(" ", start + size // 2, start + size),
            text.rfind("\n", start + size // 2, start + size),
        )
        end = cut + 1 if cut > start else start + size
        windows.append((start, end))
        start = end
    windows.append((start, len(text)))
    return windows
