"""Pictures, logos and PDF files drawn with Pillow for the demo content.

Everything is drawn from a seed, so the same key always gives the same file
and the demo needs no download.
"""

import io
import random
from pathlib import Path

from anyascii import anyascii
from PIL import Image, ImageDraw, ImageFilter, ImageFont

PHOTO_SIZE = (1200, 800)

# Colours per scene: sky, far ground, near ground, accent.
PALETTES = {
    "meeting": ("#e8edf3", "#8a9bb0", "#3d4f66", "#c0392b"),
    "mountains": ("#bcd7ee", "#6f8fa8", "#3e6b48", "#f3e9d2"),
    "terraces": ("#cfe3f1", "#9ab86a", "#5d8a32", "#e7d48b"),
    "tea": ("#dfeedd", "#7fae6b", "#2f6b3a", "#c9e4a5"),
    "water": ("#d6ecf7", "#7fb5d6", "#2b6f9e", "#ffffff"),
    "classroom": ("#f6efe3", "#d9b77c", "#7a5230", "#2e86c1"),
    "award": ("#fbeee0", "#e3a857", "#a8402a", "#f7d154"),
    "forest": ("#d9ead3", "#6aa84f", "#274e13", "#b6d7a8"),
    "lab": ("#eef3f7", "#a7bccc", "#4a6378", "#27ae60"),
    "village": ("#f3e6d3", "#b98b5e", "#6b4a2b", "#d35400"),
}

INDOOR = {"meeting", "classroom", "award", "lab"}

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
]


def _ridge(draw, rng, width, base_y, amplitude, colour):
    points = [(0, base_y)]
    x = 0
    while x < width:
        x += rng.randint(60, 160)
        points.append((x, base_y - rng.randint(0, amplitude)))
    points += [(width, PHOTO_SIZE[1]), (0, PHOTO_SIZE[1])]
    draw.polygon(points, fill=colour)


def _people(draw, rng, width, base_y, colour, count):
    for _ in range(count):
        x = rng.randint(20, width - 40)
        size = rng.randint(28, 46)
        draw.ellipse((x, base_y - 3 * size, x + size, base_y - 2 * size), fill=colour)
        draw.rounded_rectangle(
            (x - size // 3, base_y - 2 * size, x + size + size // 3, base_y), radius=12, fill=colour
        )


def photo(scene, seed):
    """A 1200×800 JPEG evoking ``scene``, as bytes."""
    sky, far, near, accent = PALETTES.get(scene, PALETTES["mountains"])
    rng = random.Random(f"{scene}:{seed}")  # noqa: S311 - drawing, not secrets
    width, height = PHOTO_SIZE
    image = Image.new("RGB", PHOTO_SIZE, sky)
    draw = ImageDraw.Draw(image)
    if scene in INDOOR:
        # A hall: a banner on the wall, a long table, rows of people.
        draw.rectangle((0, int(height * 0.62), width, height), fill=far)
        draw.rectangle((120, 90, width - 120, 260), fill=accent)
        draw.rectangle((200, int(height * 0.55), width - 200, int(height * 0.62)), fill=near)
        _people(draw, rng, width, int(height * 0.55), "#2c3e50", 7)
        _people(draw, rng, width, height - 20, near, 10)
        return _jpeg(image)
    draw.ellipse((width - 260, 60, width - 160, 160), fill=accent)
    _ridge(draw, rng, width, int(height * 0.45), 180, far)
    if scene in {"terraces", "tea"}:
        for step in range(8):
            y = int(height * 0.55) + step * 40
            draw.rectangle((0, y, width, y + 30), fill=near if step % 2 else far)
    else:
        _ridge(draw, rng, width, int(height * 0.65), 120, near)
    if scene == "village":
        for _ in range(6):
            x = rng.randint(40, width - 200)
            y = rng.randint(int(height * 0.62), int(height * 0.8))
            draw.rectangle((x, y, x + 140, y + 80), fill="#8d6e63")
            draw.polygon([(x - 20, y), (x + 70, y - 60), (x + 160, y)], fill=accent)
    if scene == "water":
        for _ in range(40):
            x, y = rng.randint(0, width), rng.randint(int(height * 0.7), height)
            draw.line((x, y, x + rng.randint(30, 90), y), fill=accent, width=3)
    return _jpeg(image)


def _jpeg(image):
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def logo(text, seed):
    """A 400×160 PNG logo with ``text`` (ASCII capitals) on a coloured badge."""
    rng = random.Random(f"logo:{seed}")  # noqa: S311 - drawing, not secrets
    colour = rng.choice(["#0b5394", "#b45f06", "#38761d", "#990000", "#351c75"])
    image = Image.new("RGB", (400, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 152, 152), radius=28, fill=colour)
    draw.ellipse((40, 40, 120, 120), outline="white", width=10)
    font = ImageFont.load_default(size=54)
    draw.text((170, 80), text, fill=colour, font=font, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _text_font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size), True
    return ImageFont.load_default(size=size), False


def pdf(title, lines):
    """A one-page A4 PDF with a title and a few lines of text, as bytes.

    Vietnamese needs a font with its letters; without one on the machine the
    text is transliterated to ASCII rather than printed as empty boxes.
    """
    page = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(page)
    title_font, unicode_ok = _text_font(26)
    body_font, _ = _text_font(18)

    def text(value):
        return value if unicode_ok else anyascii(value)

    y = 90
    for chunk in _wrap(text(title), 48):
        draw.text((70, y), chunk, fill="black", font=title_font)
        y += 38
    y += 30
    for line in lines:
        for chunk in _wrap(text(line), 70):
            draw.text((70, y), chunk, fill="#222222", font=body_font)
            y += 28
        y += 12
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=100.0)
    return buffer.getvalue()


def _wrap(value, width):
    words, line, lines = value.split(), "", []
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines
