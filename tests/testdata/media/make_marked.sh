#!/usr/bin/env bash
# Writes the marked files the cleaning tests upload (tests/media/
# sandboxed_cleaner_test.cpp, tests/integration/files_test.cpp): one picture
# of each kind the cleaner takes, each carrying a GPS position, a camera
# make and model, an artist or author, a title and a comment, all with the
# marker PSMARK. The tests check that none of it survives cleaning.
# Needs libvips-tools, libheif-examples and libimage-exiftool-perl; the
# files are committed, so the tests need none of these but exiftool.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A 64x48 picture with a gradient, so that it is not blank after cleaning.
vips xyz "$tmp/xy.v" 64 48
vips extract_band "$tmp/xy.v" "$tmp/x.v" 0
vips linear "$tmp/x.v" "$tmp/r.v" 4 0 --uchar
vips bandjoin "$tmp/r.v $tmp/r.v $tmp/r.v" "$tmp/rgb.v"
vips copy "$tmp/rgb.v" "$tmp/base.png"
vips copy "$tmp/base.png" marked.jpg
vips copy "$tmp/base.png" marked.png
vips copy "$tmp/base.png" marked.webp
vips copy "$tmp/base.png" marked.tif
vips copy "$tmp/base.png" marked.gif
heif-enc -q 60 -o marked.heic "$tmp/base.png" >/dev/null
tags=(-overwrite_original -q
  -GPSLatitude=51.9536 -GPSLatitudeRef=N -GPSLongitude=1.3047 -GPSLongitudeRef=E
  -Make=PSMARK-make -Model=PSMARK-model -Artist=PSMARK-artist -XMP:Creator=PSMARK-creator
  -XMP:Title=PSMARK-title -XMP:Description=PSMARK-description)
exiftool "${tags[@]}" -ImageDescription=PSMARK-description -DateTimeOriginal="2026:11:20 23:15:02" marked.jpg marked.tif marked.webp marked.heic
# The JPEG also says it is turned (orientation 6): cleaned, it stands 48x64.
exiftool "${tags[@]}" -Comment=PSMARK-comment -Orientation#=6 marked.jpg
exiftool -overwrite_original -q -XMP:Creator=PSMARK-creator -XMP:Title=PSMARK-title \
  -XMP:GPSLatitude=51.9536 -XMP:GPSLongitude=1.3047 -Comment=PSMARK-comment marked.gif
exiftool "${tags[@]}" -PNG:Author=PSMARK-author -PNG:Title=PSMARK-title marked.png
# The PDF: its information dictionary and XMP name the author; invisible
# text (render mode 3) and an embedded file carry the marker too.
python3 - <<'PY'
objs = []
content = b"BT /F1 24 Tf 20 60 Td (Visible) Tj ET BT 3 Tr /F1 12 Tf 20 20 Td (PSMARK-hidden-text) Tj ET"
objs.append(b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(PSMARK-attachment.txt) 6 0 R] >> >> >>")
objs.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
embedded = b"PSMARK-attached-secret"
objs.append(b"<< /Type /Filespec /F (PSMARK-attachment.txt) /EF << /F 7 0 R >> >>")
objs.append(b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(embedded) + embedded + b"\nendstream")
objs.append(b"<< /Author (PSMARK-author) /Title (PSMARK-title) /Creator (PSMARK-creator) /CreationDate (D:20261120231502Z) >>")
out = b"%PDF-1.4\n"
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R /Info 8 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open("marked.pdf", "wb").write(out)
PY
# The decompression bomb: 20000 x 20000 grey pixels, all zero (400 MB
# decoded), in 390 KB.
python3 - <<'PY'
import struct, zlib
w = h = 20000
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
c = zlib.compressobj(9)
idat = b"".join(c.compress(b"\0" * (w + 1)) for _ in range(h)) + c.flush()
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
open("bomb.png", "wb").write(png)
PY
ls -l marked.* bomb.png
