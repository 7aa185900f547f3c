"""Draw the program icon: resources/icons/fpr.png (256 px) and fpr.ico (16–256 px).

A rounded square in the red of official seals with the character 衔 (衔接) in the bundled
Noto Sans SC Bold. Run from the checkout: `python installer/make_icon.py`; the outputs are
committed, so a build never needs this script.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "resources" / "fonts" / "NotoSansSC-Bold.ttf"
OUT = ROOT / "resources" / "icons"
RED = (190, 30, 45, 255)
GOLD = (250, 214, 120, 255)
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
SCALE = 4  # drawn large, scaled down with antialiasing


def draw(size: int = 256) -> Image.Image:
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = big // 32
    radius = big // 5
    d.rounded_rectangle((margin, margin, big - margin, big - margin), radius, fill=RED)
    inset = big // 11
    d.rounded_rectangle(
        (inset, inset, big - inset, big - inset), radius * 2 // 3, outline=GOLD, width=big // 48
    )
    font = ImageFont.truetype(str(FONT), int(big * 0.56))
    d.text((big / 2, big / 2), "衔", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw(256)
    icon.save(OUT / "fpr.png")
    icon.save(OUT / "fpr.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"written: {OUT / 'fpr.png'}, {OUT / 'fpr.ico'}")


if __name__ == "__main__":
    main()
