// Command entopic-beam runs entopic's job on Apache Beam: the tables of
// `entopic run`, computed on Prism (in the process, the default), Flink,
// Spark or Google Cloud Dataflow.
//
//	entopic-beam [--runner prism|flink|spark|dataflow] [runner flags] INPUT... -o OUTDIR
//
// INPUTs are files, directories and globs as for `entopic run`, or paths of
// a Beam file system (gs://bucket/news/*.jsonl.gz). Runner flags are Beam's:
// --endpoint for a Flink or Spark job server, --project, --region and
// --staging_location for Dataflow (see the README).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/entopic/entopic/beam/beamjob"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "entopic-beam:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	var out string
	flag.StringVar(&out, "o", "", "output directory (required): a local path or a path of a Beam file system; must not hold an earlier run")
	flag.StringVar(&out, "out", "", "same as -o")
	shards := flag.Int("shards", 8, "Parquet parts per table")
	tokens := flag.Bool("tokens", false, "also write the tokens table")
	maxDoc := flag.Int64("max-doc-bytes", 16<<20, "largest input record in bytes; a larger one becomes a row of the errors table")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: entopic-beam [--runner prism|flink|spark|dataflow] [runner flags] INPUT... -o OUTDIR")
		flag.PrintDefaults()
	}
	// Flags may follow the inputs, as with entopic run: parse, take the
	// next input, parse what follows it.
	var inputs []string
	for rest := args; ; {
		if err := flag.CommandLine.Parse(rest); err != nil {
			return err
		}
		rest = flag.Args()
		if len(rest) == 0 {
			break
		}
		inputs, rest = append(inputs, rest[0]), rest[1:]
	}
	if out == "" {
		return errors.New("missing -o OUTDIR")
	}
	if len(inputs) == 0 {
		return errors.New("missing INPUT (a file, directory or glob)")
	}
	if err := checkOut(out); err != nil {
		return err
	}
	beam.Init()

	ctx := context.Background()
	in, err := beamjob.ResolveInputs(ctx, inputs)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	runner := "prism"
	if f := flag.Lookup("runner"); f != nil && f.Value.String() != "" {
		runner = f.Value.String()
	}
	cfg := beamjob.Config{Inputs: in, Out: out, Shards: *shards, Tokens: *tokens, MaxDocBytes: *maxDoc,
		Runner: runner, Command: append([]string{"entopic-beam"}, args...)}
	if err := beamjob.Build(s, cfg); err != nil {
		return err
	}
	return beamx.Run(ctx, p)
}

// checkOut refuses a local output directory that holds files already: a
// run never mixes its parts with another's.
func checkOut(out string) error {
	if strings.Contains(out, "://") {
		return nil
	}
	entries, err := os.ReadDir(out)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(out, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("output directory %s is not empty", out)
	}
	return nil
}
