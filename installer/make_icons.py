"""Draw the Infusion Desk icon and write every size the installers need.

Run from the repository: ``uv run python installer/make_icons.py``. It draws with
QPainter on an offscreen QImage (no display needed) and writes into
``resources/icons/``:

- ``infusiondesk-<n>.png`` for n in SIZES (window icon, Linux desktop files, docs);
- ``infusiondesk.ico`` (Windows: the .exe, the installer and the Start-menu entry);
- ``infusiondesk.icns`` (macOS: ``Infusion Desk.app``).

The icon is drawn, not traced from a file, so it can be changed here and rebuilt:
a teal rounded square with a white infusion bag, its line and a drop. Small sizes
are drawn separately (not scaled down from 1024) so the shapes stay crisp.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # after the Qt platform is chosen above
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"
BASE_NAME = "infusiondesk"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows uses up to 256
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # what Pillow's ICNS writer takes

TEAL_TOP = QColor("#14b8a6")
TEAL_BOTTOM = QColor("#0f766e")
WHITE = QColor("#ffffff")
LINE = QColor("#ccfbf1")


def draw_icon(size: int) -> QImage:
    """The icon at ``size`` pixels, drawn on a 100-unit grid scaled to fit."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 100.0, size / 100.0)
    _background(painter, margin=6 if size > 32 else 1)
    _bag(painter, small=size <= 24)
    painter.end()
    return image


def _background(painter: QPainter, margin: float) -> None:
    # macOS icons leave a margin around the rounded square (Apple HIG grid); the
    # same margin reads well on Windows and Linux. Tiny sizes (title bars, the
    # taskbar's 16-32 px) fill the square: a margin there only wastes pixels.
    gradient = QLinearGradient(QPointF(0, margin), QPointF(0, 100 - margin))
    gradient.setColorAt(0.0, TEAL_TOP)
    gradient.setColorAt(1.0, TEAL_BOTTOM)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(QRectF(margin, margin, 100 - 2 * margin, 100 - 2 * margin), 20, 20)


def _bag(painter: QPainter, small: bool) -> None:
    """A bag hanging from its hook, a line down to a drop: the infusion."""
    painter.setBrush(WHITE)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(44, 13, 12, 6), 2, 2)  # hanger tab
    painter.drawRoundedRect(QRectF(31, 18, 38, 40), 9, 9)  # bag
    if not small:  # fill level and scale marks, lost below 32 px anyway
        painter.setBrush(TEAL_TOP)
        painter.drawRoundedRect(QRectF(36, 36, 28, 17), 5, 5)
        painter.setPen(QPen(TEAL_BOTTOM, 2.2, c=Qt.PenCapStyle.RoundCap))
        for y in (25.0, 30.0):
            painter.drawLine(QPointF(38, y), QPointF(48, y))
    painter.setPen(QPen(LINE if not small else WHITE, 4 if not small else 6, c=Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(50, 58), QPointF(50, 70))  # the line
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(WHITE)
    painter.drawPath(_drop(50, 70, 10 if not small else 13))


def _drop(x: float, top: float, width: float) -> QPainterPath:
    path = QPainterPath(QPointF(x, top))
    half = width / 2
    bottom = top + width * 1.45
    path.cubicTo(
        QPointF(x + half * 0.3, top + width * 0.45),
        QPointF(x + half, top + width * 0.6),
        QPointF(x + half, bottom - half),
    )
    path.arcTo(QRectF(x - half, bottom - width, width, width), 0, -180)
    path.cubicTo(
        QPointF(x - half, top + width * 0.6), QPointF(x - half * 0.3, top + width * 0.45), QPointF(x, top)
    )
    return path


def _to_pil(image: QImage) -> Image.Image:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def write_icons(target: Path = ICON_DIR) -> list[Path]:
    """Write every PNG size, the .ico and the .icns; returns the files written."""
    target.mkdir(parents=True, exist_ok=True)
    images = {size: _to_pil(draw_icon(size)) for size in SIZES}
    written = []
    for size, image in images.items():
        path = target / f"{BASE_NAME}-{size}.png"
        image.save(path, optimize=True)
        written.append(path)
    ico = target / f"{BASE_NAME}.ico"
    # Pillow writes each size from the largest image given; hand it the 256 one and
    # append the hand-drawn small ones so Windows gets crisp 16/24/32 px icons.
    images[256].save(
        ico,
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    icns = target / f"{BASE_NAME}.icns"
    images[1024].save(icns, append_images=[images[s] for s in ICNS_SIZES if s != 1024])
    return [*written, ico, icns]


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for path in write_icons():
        print(path.relative_to(ICON_DIR.parents[1]))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
