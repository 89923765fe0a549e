// Command imgcheck tells whether a PNG screenshot shows something: it fails
// when the image is blank (one colour, or nearly so). scripts/screenshot.sh
// uses it to wait for the window's first frame.
package main

import (
	"fmt"
	"image"
	_ "image/png"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: imgcheck FILE.png")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "imgcheck:", err)
		os.Exit(2)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "imgcheck:", err)
		os.Exit(2)
	}
	colours := map[uint32]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>11)<<10|(g>>11)<<5|bl>>11]++
		}
	}
	fmt.Printf("%dx%d, %d distinct colours\n", b.Dx(), b.Dy(), len(colours))
	// A drawn window has text, a map and widgets: far more than a few colours.
	if len(colours) < 16 {
		fmt.Fprintln(os.Stderr, "imgcheck: the image is blank")
		os.Exit(1)
	}
}
