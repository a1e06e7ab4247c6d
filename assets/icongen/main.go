// Command icongen writes assets/icon.png (512×512) from ui/icon's drawing:
//
//	go run ./assets/icongen
package main

import (
	"log"
	"os"

	"caisse/ui/icon"
)

func main() {
	out := "assets/icon.png"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := os.WriteFile(out, icon.PNG(512), 0o644); err != nil {
		log.Fatal(err)
	}
}
