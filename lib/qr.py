"""QR codes as inline SVG (a path, no raster image): the live meetings' join code and the
meetings' feedback link."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def svg(url: str) -> str:
    """The QR code of `url` as an <svg> element (no XML declaration), for inlining."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    text = out.getvalue().decode()
    return text[text.index("<svg") :]
