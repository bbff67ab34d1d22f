"""Render the pictures of docs/printing.md into docs/printing/ (needs pdftoppm, from
poppler-utils). Fictional data only. Run by hand:

    uv run python docs/printing_pictures.py

Each picture is our print laid over the CMS template (tests/data/cms1500-02-12-template.pdf,
the real form), as a printed sheet on a red form would look, cropped to one area.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.print_helpers import PRINTED_ON, make_claim  # noqa: E402

from infusiondesk.output.pdf import render_claims  # noqa: E402
from infusiondesk.output.redform import alignment_test_pdf  # noqa: E402

OUT = ROOT / "docs" / "printing"
TEMPLATE = ROOT / "tests" / "data" / "cms1500-02-12-template.pdf"
DPI = 110
CROPS = {  # name: (left, top, right, bottom) in points from the page's top-left
    "top": (18, 100, 400, 240),
    "lines": (18, 520, 600, 700),
    "bottom": (18, 680, 600, 760),
}


def png(pdf: Path, folder: Path, name: str) -> Image.Image:
    """Page 1 as an image; the template's form fields (with sample values) hidden."""
    stem = folder / name
    command = ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", "-hide-annotations"]
    subprocess.run([*command, str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def over_form(data: bytes, folder: Path, name: str) -> Image.Image:
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    form = png(TEMPLATE, folder, "form")
    ink = png(path, folder, name)
    return ImageChops.multiply(form, ink)  # black print on the red form, as on paper


def crop(image: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    scale = DPI / 72
    return image.crop(tuple(round(v * scale) for v in box))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        aligned = over_form(alignment_test_pdf(), folder, "aligned")
        aligned.save(OUT / "alignment-on-form.png")
        crop(aligned, CROPS["top"]).save(OUT / "alignment-aligned-closeup.png")
        off = over_form(alignment_test_pdf(4.0, 5.0), folder, "off")
        crop(off, CROPS["top"]).save(OUT / "alignment-off-closeup.png")
        claim = over_form(render_claims([make_claim()], "red-form", printed_on=PRINTED_ON), folder, "claim")
        crop(claim, CROPS["lines"]).save(OUT / "red-form-service-lines.png")
        crop(claim, CROPS["bottom"]).save(OUT / "red-form-bottom.png")
        sheet = png(folder / "aligned.pdf", folder, "sheet")
        sheet.save(OUT / "alignment-page.png")
    print(f"pictures in {OUT}")


if __name__ == "__main__":
    main()
