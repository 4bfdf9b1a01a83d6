#!/bin/sh
# Rebuilds the PNG fixtures and their expected pixels. Needs ImageMagick 6 (convert), pngcrush, optipng and
# python3; the tests only read the committed files.
#
# For every NAME.png, NAME.rgba holds the pixels ImageMagick decodes, exported as 8-bit RGBA
# (`convert NAME.png -depth 8 rgba:NAME.rgba`), so the tests compare our decoder with an independent one.
# ImageMagick 6 (Q16) reduces 16-bit samples to 8 bits by truncation (colour floor(v / 257); alpha goes through
# its inverted opacity and so rounds up), while our decoder rounds to nearest, (v + 128) / 257. For files with
# 16-bit samples the tests therefore allow a difference of 1 against NAME.rgba, and check exact rounding against
# NAME.rgba16: ImageMagick's lossless 16-bit RGBA export, big-endian (`-depth 16 -endian MSB rgba:`).
set -eu
cd "$(dirname "$0")"
CONVERT=${CONVERT:-convert}
W=13
H=11

# Sources: a seeded plasma for colour, a diagonal gradient for alpha.
$CONVERT -size ${W}x${H} -seed 42 plasma:red-blue -depth 16 src-rgb.miff
$CONVERT -size ${H}x${W} gradient:white-black -rotate 90 -depth 16 src-alpha.miff
$CONVERT src-rgb.miff src-alpha.miff -alpha off -compose CopyOpacity -composite -depth 16 src-rgba.miff

# Greyscale, colour type 0, bit depths 1, 2, 4, 8, 16.
$CONVERT src-rgb.miff -colorspace gray -threshold 50% -strip -define png:color-type=0 -define png:bit-depth=1 gray1.png
$CONVERT src-rgb.miff -colorspace gray -posterize 4 -strip -define png:color-type=0 -define png:bit-depth=2 gray2.png
$CONVERT src-rgb.miff -colorspace gray -posterize 16 -strip -define png:color-type=0 -define png:bit-depth=4 gray4.png
$CONVERT src-rgb.miff -colorspace gray -define png:color-type=0 -define png:bit-depth=8 gray8.png
$CONVERT src-rgb.miff -colorspace gray -define png:color-type=0 -define png:bit-depth=16 gray16.png

# Truecolour, colour type 2, 8 and 16 bits.
$CONVERT src-rgb.miff -define png:color-type=2 -define png:bit-depth=8 rgb8.png
$CONVERT src-rgb.miff -define png:color-type=2 -define png:bit-depth=16 rgb16.png

# Palette, colour type 3, bit depths 1, 2, 4, 8; and a palette with tRNS (png8 with binary transparency).
$CONVERT src-rgb.miff -colors 2 -strip -define png:color-type=3 -define png:bit-depth=1 pal1.png
$CONVERT src-rgb.miff -colors 4 -strip -define png:color-type=3 -define png:bit-depth=2 pal2.png
$CONVERT src-rgb.miff -colors 16 -strip -define png:color-type=3 -define png:bit-depth=4 pal4.png
$CONVERT src-rgb.miff -colors 200 -strip -define png:color-type=3 -define png:bit-depth=8 pal8.png
$CONVERT src-rgba.miff -channel A -threshold 50% +channel -colors 32 -strip png8:pal8-trns.png

# Greyscale with alpha, colour type 4, 8 and 16 bits.
$CONVERT src-rgba.miff -colorspace gray -define png:color-type=4 -define png:bit-depth=8 graya8.png
$CONVERT src-rgba.miff -colorspace gray -define png:color-type=4 -define png:bit-depth=16 graya16.png

# Truecolour with alpha, colour type 6, 8 and 16 bits.
$CONVERT src-rgba.miff -define png:color-type=6 -define png:bit-depth=8 rgba8.png
$CONVERT src-rgba.miff -define png:color-type=6 -define png:bit-depth=16 rgba16.png

# Adam7 interlaced variants.
$CONVERT src-rgba.miff -interlace PNG -define png:color-type=6 -define png:bit-depth=8 rgba8-adam7.png
$CONVERT src-rgb.miff -interlace PNG -define png:color-type=2 -define png:bit-depth=16 rgb16-adam7.png
$CONVERT src-rgb.miff -colorspace gray -threshold 50% -strip -interlace PNG -define png:color-type=0 -define png:bit-depth=1 gray1-adam7.png
$CONVERT src-rgb.miff -colors 16 -strip -interlace PNG -define png:color-type=3 -define png:bit-depth=4 pal4-adam7.png

# Re-compressed by other encoders (their own filter choices and zlib settings).
pngcrush -q -brute rgba8.png rgba8-pngcrush.png
cp rgb8.png rgb8-optipng.png && optipng -quiet -o5 -zc1 rgb8-optipng.png

# Cases ImageMagick does not write on request (see craft.py): tRNS colour keys, many IDATs, all filters, tiny Adam7.
python3 craft.py .

rm -f src-rgb.miff src-alpha.miff src-rgba.miff
for f in *.png; do
  $CONVERT "$f" -depth 8 "rgba:${f%.png}.rgba"
done
for f in gray16 graya16 rgb16 rgb16-adam7 rgb16-trns rgba16; do
  $CONVERT "$f.png" -depth 16 -endian MSB "rgba:$f.rgba16"
done
