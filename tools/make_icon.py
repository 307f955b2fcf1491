"""Draw the program icon (resources/icons/subsidy-desk.png and .ico) with Qt, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py

A blue ledger page with a red seal-like 补 (补贴): readable at 16 px in a taskbar. Needs a Chinese font
(fonts-wqy-microhei); the result is committed, so building the program never needs this script.
"""
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f5fa8"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 40 * s, 40 * s)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(40 * s, 36 * s, 176 * s, 184 * s), 12 * s, 12 * s)
    p.setPen(QPen(QColor("#9db7d8"), max(1.0, 6 * s)))
    for y in (76, 104, 132):
        p.drawLine(int(60 * s), int(y * s), int(196 * s), int(y * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#c62828"))
    seal = QRectF(104 * s, 132 * s, 96 * s, 96 * s)
    p.drawRoundedRect(seal, 14 * s, 14 * s)
    font = QFont("WenQuanYi Micro Hei")
    font.setPixelSize(int(72 * s))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    p.drawText(seal, Qt.AlignmentFlag.AlignCenter, "补")
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def ico(sizes=ICO_SIZES) -> bytes:
    """A Windows .ico holding each size as PNG (supported since Windows Vista): sharp at 16 px and at 256 px."""
    images = [png_bytes(draw(size)) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, data = b"", b""
    for size, png in zip(sizes, images):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "subsidy-desk.png"))
    (OUT / "subsidy-desk.ico").write_bytes(ico())
    return 0


if __name__ == "__main__":
    sys.exit(main())
