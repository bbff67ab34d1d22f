"""Measure the real CMS-1500 (02/12) form from the CMS fillable template and write
resources/cms1500/form-geometry.json: the form's ruled lines (read from the template's
page image) and its field rectangles (the template's form-field widgets).

The worksheet draws its form from these measurements and the alignment test page
marks the field corners, so neither depends on our own character grid (issue 11:
"draw the worksheet's form from the real form's geometry"). Run it again only if the
template changes:

    uv run python docs/measure_template.py

Needs the template at tests/data/cms1500-02-12-template.pdf (a copy of the CMS form).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pypdfium2
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "data" / "cms1500-02-12-template.pdf"
OUT = ROOT / "resources" / "cms1500" / "form-geometry.json"
SCALE = 2.0  # pixels a point: 144 dpi, about the template image's own resolution
MIN_H = 10.0  # a horizontal rule is at least this long (points); text strokes are shorter
MIN_V = 6.5  # vertical rules: longer than a 7-point label's capital letters


def _red_mask() -> Image.Image:
    """White where the form's red ink is (not its pale pink shading, not black)."""
    page = pypdfium2.PdfDocument(str(TEMPLATE))[0]
    red, green, blue = page.render(scale=SCALE, may_draw_forms=False).to_pil().convert("RGB").split()
    # A half-point rule spreads over two pixel rows at half strength: generous thresholds.
    strong_red = red.point(lambda v: 255 if v > 140 else 0)
    little_green = green.point(lambda v: 255 if v < 195 else 0)
    little_blue = blue.point(lambda v: 255 if v < 195 else 0)
    return ImageChops.multiply(ImageChops.multiply(strong_red, little_green), little_blue).convert("L")


def _pink_mask() -> Image.Image:
    """White where the service lines' pale pink shading is."""
    page = pypdfium2.PdfDocument(str(TEMPLATE))[0]
    red, green, blue = page.render(scale=SCALE, may_draw_forms=False).to_pil().convert("RGB").split()
    pale_red = red.point(lambda v: 255 if v > 235 else 0)
    some_green = green.point(lambda v: 255 if 205 <= v <= 240 else 0)
    some_blue = blue.point(lambda v: 255 if 212 <= v <= 245 else 0)
    return ImageChops.multiply(ImageChops.multiply(pale_red, some_green), some_blue).convert("L")


def _segments(mask: Image.Image, least: float, thickest: float = 3.0) -> list[list[float]]:
    """Runs along each pixel row, merged over adjacent rows into one ruled line each:
    [position across, start, end, thickness] in points."""
    width, height = mask.size
    data = mask.tobytes()
    run = re.compile(rb"\xff{%d,}" % int(least * SCALE))
    open_: dict[tuple[int, int], list[int]] = {}
    done: list[list[float]] = []
    for index in range(height + 1):
        row = data[index * width : (index + 1) * width] if index < height else b""
        seen: dict[tuple[int, int], list[int]] = {}
        for found in run.finditer(row):
            start, end = found.start(), found.end()
            key = next((k for k in open_ if abs(k[0] - start) <= 2 and abs(k[1] - end) <= 2), (start, end))
            seen[key] = [open_.get(key, [index, index])[0], index]
        for key, rows in open_.items():
            if key not in seen:
                middle = (rows[0] + rows[1] + 1) / 2 / SCALE
                done.append([middle, key[0] / SCALE, key[1] / SCALE, (rows[1] - rows[0] + 1) / SCALE])
        open_ = seen
    return [[round(v, 2) for v in seg] for seg in done if seg[3] <= thickest]  # rules, not areas


def _on_form(segment: list[float], vertical: bool) -> bool:
    """Inside the form's frame (84-760 pt from the top): not the title's or the footer's
    letters."""
    top, bottom = (segment[1], segment[2]) if vertical else (segment[0], segment[0])
    return top >= 84.0 and bottom <= 760.0


def _fields() -> dict[str, list[float]]:
    reader = pypdf.PdfReader(TEMPLATE)
    fields: dict[str, list[float]] = {}
    for ref in reader.pages[0]["/Annots"]:
        widget = ref.get_object()
        if widget.get("/Subtype") != "/Widget":
            continue
        parent = widget.get("/Parent")
        name = str(widget.get("/T") or (parent.get_object().get("/T") if parent else ""))
        if (widget.get("/FT") or (parent.get_object().get("/FT") if parent else None)) == "/Btn":
            states = [s for s in widget["/AP"]["/N"] if s != "/Off"]
            name += "/" + (states[0].lstrip("/") if states else "")
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        if name.startswith("Clear Form") or (x1 - x0) < 3:
            continue  # the template's own button and its 1.8-point dot markers
        height = 792.0
        fields[name] = [
            round(min(x0, x1), 2),
            round(height - max(y0, y1), 2),
            round(max(x0, x1), 2),
            round(height - min(y0, y1), 2),
        ]
    return dict(sorted(fields.items()))


def main() -> None:
    mask = _red_mask()
    data = {
        "about": "Measured from the CMS-1500 (02/12) fillable template by docs/measure_template.py. "
        "Points from the page's top-left. h: [y, x0, x1, thickness]; v: [x, top, bottom, thickness]; "
        "shade: the service lines' shaded halves [middle y, x0, x1, height]; "
        "fields: template field name (check boxes name/state) -> [x0, top, x1, bottom].",
        "h": sorted(s for s in _segments(mask, MIN_H) if _on_form(s, False)),
        "v": sorted(
            s for s in _segments(mask.transpose(Image.Transpose.TRANSPOSE), MIN_V) if _on_form(s, True)
        ),
        "shade": sorted(s for s in _segments(_pink_mask(), 20.0, 20.0) if s[3] >= 5.0),
        "fields": _fields(),
    }
    OUT.write_text(json.dumps(data, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data['h'])} horizontal, {len(data['v'])} vertical rules, {len(data['fields'])} fields")


if __name__ == "__main__":
    main()
