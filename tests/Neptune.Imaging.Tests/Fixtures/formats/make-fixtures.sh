#!/bin/sh
# Rebuilds the WebP, GIF and BMP fixtures from the committed PNG and JPEG fixtures. Needs ImageMagick 6 (convert)
# and libwebp's tools (cwebp; Debian package webp); the tests only read the committed files.
#
#   rgb8-lossless.webp  lossless WebP of ../rgb8.png: must decode to exactly the PNG's pixels
#   photo-lossy.webp    lossy WebP (quality 90) of ../jpeg/baseline-444.ppm: must decode close to it
#   pal8.gif            GIF of ../pal8.png (at most 256 colours, so lossless): must decode to the PNG's pixels
#   animated.gif        three 8x6 frames (red, green, blue): 3 frames, the first one decoded
#   rgb8.bmp            24-bit BMP of ../rgb8.png: must decode to the PNG's pixels
#   rgba8.bmp           32-bit BMP with alpha of ../rgba8.png
set -eu
cd "$(dirname "$0")"
CONVERT=${CONVERT:-/usr/bin/convert}
cwebp -quiet -lossless -exact ../rgb8.png -o rgb8-lossless.webp
$CONVERT ../jpeg/baseline-444.ppm png:- | cwebp -quiet -q 90 -o photo-lossy.webp -- -
$CONVERT ../pal8.png pal8.gif
$CONVERT -size 8x6 xc:red xc:lime xc:blue -set delay 10 animated.gif
$CONVERT ../rgb8.png -type TrueColor BMP3:rgb8.bmp
$CONVERT ../rgba8.png -define bmp:format=bmp4 -type TrueColorAlpha rgba8.bmp
