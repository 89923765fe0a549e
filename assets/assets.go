// Package assets holds the files the app ships: its icon (SVG source and the
// PNG drawn from the same geometry by internal/genicon) and its version,
// generated from FyneApp.toml by internal/genversion.
package assets

import _ "embed"

//go:generate go run ./internal/genicon
//go:generate go run ./internal/genversion

// IconPNG is the 512x512 app icon.
//
//go:embed icon.png
var IconPNG []byte
