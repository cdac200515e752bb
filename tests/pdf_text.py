"""What a PDF printed by Chromium says about its pages and text, read with the standard library only.

Chromium (Skia) writes each page's content as Flate-compressed streams of plain operators:
``a b c d e f cm`` (scale the user space), ``q``/``Q`` (save/restore it), ``/F1 13.3 Tf``
(font and size), ``a b c d e f Tm`` (text matrix) and ``Tj``/``TJ`` (show glyphs). The size
at which a glyph run is printed is its ``Tf`` size scaled by the text matrix and by every
``cm`` in force. That is what ``text_sizes`` returns, in points: so a test can say "no text
is smaller than 7 pt" of the paper itself, including any shrinking the print layout did.
"""

import math
import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_TOKEN = re.compile(rb"\[(?:[^\]\\]|\\.)*\]|<[0-9A-Fa-f]*>|\((?:[^()\\]|\\.)*\)|/[^\s/\[\]<>()]+|[^\s\[\]<>()/]+")
_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*([\d.\s-]+)\]")
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height (points) of every page's MediaBox, in file order."""
    out = []
    for box in _MEDIABOX.findall(pdf):
        x0, y0, x1, y1 = (float(v) for v in box.split())
        out.append((x1 - x0, y1 - y0))
    return out


def text_sizes(pdf: bytes) -> list[float]:
    """The printed size (points) of every glyph run in the PDF's content streams."""
    sizes: list[float] = []
    for raw in _STREAM.findall(pdf):
        try:
            content = zlib.decompress(raw)
        except zlib.error:
            continue  # an image or font program, not page content
        if b"Tf" in content:
            sizes += _sizes(content)
    return sizes


def _sizes(content: bytes) -> list[float]:
    ctm, stack, tm, font = IDENTITY, [], IDENTITY, 0.0
    operands: list[bytes] = []
    out = []
    for token in _TOKEN.findall(content):
        if token[:1].isalpha() or token in (b"'", b'"'):
            op = token
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q" and stack:
                ctm = stack.pop()
            elif op == b"cm" and len(operands) >= 6:
                ctm = _multiply(_numbers(operands[-6:]), ctm)
            elif op == b"Tf" and operands:
                font = float(operands[-1])
            elif op == b"Tm" and len(operands) >= 6:
                tm = _numbers(operands[-6:])
            elif op == b"BT":
                tm = IDENTITY
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                out.append(round(font * _scale(tm) * _scale(ctm), 3))
            operands = []
        else:
            operands.append(token)
    return out


def _numbers(tokens: list[bytes]) -> Matrix:
    a, b, c, d, e, f = (float(t) for t in tokens)
    return (a, b, c, d, e, f)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n, PDF's row-vector convention (``cm`` pre-multiplies the current matrix)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _scale(m: Matrix) -> float:
    """How much the matrix scales lengths (the square root of its determinant's size)."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
