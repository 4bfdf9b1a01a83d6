#!/bin/sh
# Rebuilds the JPEG fixtures and their reference decodes. Needs libjpeg-turbo's tools (cjpeg, djpeg; Debian package
# libjpeg-turbo-progs), ImageMagick 6 (convert) and python3; the tests only read the committed files.
#
# Every NAME.jpg is written by cjpeg from a synthetic photo-like source (seeded plasma, blurred, with a few shapes)
# and NAME.ppm (NAME.pgm for greyscale) is libjpeg-turbo's decode with its defaults: accurate integer IDCT
# (-dct int) and fancy (triangle) chroma upsampling, which is what our decoder implements; the tests therefore
# require identical pixels (tolerance 0 per channel) for every layout. JSIMD_FORCENONE selects libjpeg-turbo's C
# code paths; its SIMD paths give the same bytes for these options.
#
# The orientation fixtures orient-N.jpg (N = 1..8) share one baseline 4:2:0 image and differ only in an APP1 Exif
# segment holding IFD0 tag 0x0112 = N, inserted after SOI by the python snippet below. Their references
# orient-N.ppm are djpeg's decode of the untagged image transformed by ImageMagick (-flop, -rotate, -transpose, ...),
# i.e. how the picture must look once the tag is applied.
set -eu
cd "$(dirname "$0")"
CONVERT=${CONVERT:-convert}
export JSIMD_FORCENONE=1

source_image() { # width height seed output.ppm
    $CONVERT -size "$1x$2" -seed "$3" plasma:fractal -blur 0x0.8 \
        -fill '#2050d0' -draw "circle $(($1 / 3)),$(($2 / 2)) $(($1 / 3 + $1 / 8)),$(($2 / 2))" \
        -fill '#f0e040' -draw "rectangle $(($1 * 3 / 5)),$(($2 / 5)) $(($1 * 4 / 5)),$(($2 * 3 / 5))" \
        -attenuate 0.4 +noise Gaussian -depth 8 "$4"
}

source_image 48 32 7 src.ppm
source_image 37 23 11 src-odd.ppm
source_image 40 24 5 src-orient.ppm
source_image 3 5 3 src-tiny.ppm

encode() { # name source cjpeg-options...
    name=$1
    src=$2
    shift 2
    cjpeg -dct int "$@" -outfile "$name.jpg" "$src"
}

encode baseline-444 src.ppm -quality 90 -sample 1x1
encode baseline-422 src.ppm -quality 90 -sample 2x1
encode baseline-420 src.ppm -quality 90 -sample 2x2
encode baseline-440 src.ppm -quality 90 -sample 1x2
encode baseline-411 src.ppm -quality 90 -sample 4x1
encode grayscale src.ppm -quality 90 -grayscale
encode optimized src.ppm -quality 85 -optimize
encode restart src.ppm -quality 85 -restart 3B
encode progressive-420 src.ppm -quality 85 -progressive
encode progressive-444 src.ppm -quality 95 -progressive -sample 1x1
encode progressive-restart src.ppm -quality 85 -progressive -restart 2B
encode progressive-gray src.ppm -quality 85 -progressive -grayscale
# Quality 10 without -baseline keeps quantisation steps above 255: 16-bit DQT tables and an SOF1 frame.
encode extended-q16 src.ppm -quality 10
# RGB components with an Adobe APP14 segment declaring transform 0.
encode adobe-rgb src.ppm -quality 90 -rgb
encode odd-420 src-odd.ppm -quality 90 -sample 2x2
encode odd-progressive-422 src-odd.ppm -quality 90 -sample 2x1 -progressive
encode tiny-420 src-tiny.ppm -quality 90 -sample 2x2
encode orient-1 src-orient.ppm -quality 90 -sample 2x2

for f in *.jpg; do
    case $f in
        grayscale.jpg | progressive-gray.jpg) djpeg -dct int -pnm -outfile "${f%.jpg}.pgm" "$f" ;;
        *) djpeg -dct int -pnm -outfile "${f%.jpg}.ppm" "$f" ;;
    esac
done

python3 - <<'EOF'
import struct

base = open("orient-1.jpg", "rb").read()
assert base[:2] == b"\xff\xd8"
for n in range(2, 9):
    # Big-endian TIFF with one IFD0 entry: tag 0x0112, type SHORT, count 1, value n.
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, n, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    open(f"orient-{n}.jpg", "wb").write(base[:2] + app1 + base[2:])
EOF

transform() { # orientation imagemagick-operation (split into words on purpose)
    $CONVERT orient-1.ppm $2 -depth 8 "orient-$1.ppm"
}
transform 2 -flop
transform 3 '-rotate 180'
transform 4 -flip
transform 5 -transpose
transform 6 '-rotate 90'
transform 7 -transverse
transform 8 '-rotate 270'

rm -f src.ppm src-odd.ppm src-orient.ppm src-tiny.ppm
