package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"text/tabwriter"
	"time"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/bench"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/models"
)

func versionCmd(args []string, e *env) error {
	fs := newFlags(e, "version", "version [--verbose]", "Prints the version of entopic, of the libraries it is built on and of its embedded resources.\n"+
		"With --verbose, also loads every resource, one after another, and prints what each costs in\n"+
		"time and memory (a run loads them side by side, the English models only for English text).")
	verbose := fs.BoolP("verbose", "v", false, "load the resources and print what each costs")
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
	if *verbose {
		return printLoadCosts(e)
	}
	return nil
}

// printLoadCosts loads the resources one at a time and prints the time and
// the live heap each takes, then the process's peak resident memory.
func printLoadCosts(e *env) error {
	start := time.Now()
	res, err := job.LoadResources(job.ResourceOptions{Measure: true})
	if err != nil {
		return err
	}
	total := time.Since(start)
	fmt.Fprintf(e.stdout, "\nloading, one resource after another:\n")
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "seconds\theap MB\t\t")
	for _, c := range res.Costs {
		fmt.Fprintf(tw, "%.2f\t%.1f\t\t%s\n", c.Time.Seconds(), float64(c.Heap)/(1<<20), c.Name)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(tw, "%.2f\t%.1f\t\t%s\n", total.Seconds(), float64(ms.HeapAlloc)/(1<<20), "all (with the garbage collections between steps)")
	if err := tw.Flush(); err != nil {
		return err
	}
	if peak := bench.PeakRSS(); peak > 0 {
		fmt.Fprintf(e.stdout, "peak resident memory %.0f MB\n", float64(peak)/(1<<20))
	}
	return nil
}
