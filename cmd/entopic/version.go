package main

import (
	"fmt"
	"runtime/debug"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/models"
)

func versionCmd(args []string, e *env) error {
	fs := newFlags(e, "version", "version", "Prints the version of entopic, of the libraries it is built on and of its embedded resources.")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "entopic %s", entopic.Version)
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				fmt.Fprintf(e.stdout, " (%s)", s.Value[:min(12, len(s.Value))])
			}
		}
		fmt.Fprintf(e.stdout, " %s\n", info.GoVersion)
		for _, dep := range info.Deps {
			switch dep.Path {
			case "github.com/go-ego/gse", "github.com/jdkato/prose/v2", "github.com/parquet-go/parquet-go":
				fmt.Fprintf(e.stdout, "  %s %s\n", dep.Path, dep.Version)
			}
		}
	} else {
		fmt.Fprintln(e.stdout)
	}
	fmt.Fprintf(e.stdout, "  gse dictionary %s\n", gse.Version)
	files, err := models.List()
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(e.stdout, "  models/data/%s %d bytes sha256:%s\n", f.Name, f.Bytes, f.SHA256[:16])
	}
	return nil
}
