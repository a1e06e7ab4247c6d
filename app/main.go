// Command caisse is the Caisse till: the window, and the scenario runner.
package main

import (
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "scenario":
			return cmdScenario(args[1:], os.Stdout, os.Stderr)
		case "help", "-h", "--help":
			fmt.Println(usage)
			return 0
		}
	}
	fmt.Fprintln(os.Stderr, usage)
	return 2
}

const usage = `usage:
  caisse [--db PATH] [--till ID] [--test]     open the till window
  caisse scenario [--db PATH] FILE...          run scenario files (test orders)`
