// Command entopic turns corpora of Chinese and English news and policy
// articles into analysis-ready Parquet tables.
//
//	entopic run [flags] INPUT... -o OUTDIR
//	entopic version
//
// Run `entopic help` or `entopic COMMAND --help` for the flags of each
// command. Exit codes: 0 success, 1 the run failed, 2 usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/pflag"

	"github.com/entopic/entopic/job"
)

// command is one subcommand of entopic.
type command struct {
	name    string
	summary string
	run     func(args []string, env *env) error
}

// env is what a command may use of the process: its streams, and how it
// loads the models (tests share one load between runs).
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stderrIsTTY    bool
	load           func(job.ResourceOptions) (*job.Resources, error)
}

// usageError is an error in how entopic was called: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func commands() []command {
	return []command{
		{"run", "extract documents, entities, topics and keywords into Parquet tables", runCmd},
		{"topics", "discover the topics of a finished run's documents (LDA)", topicsCmd},
		{"eval", "score entities or topics against gold annotations", evalCmd},
		{"train", "train the Chinese or English entity model", trainCmd},
		{"report", "write an HTML report of a finished run: topics, names, timeline, network, documents", reportCmd},
		{"bench", "measure throughput, CPU time and memory against raw segmentation", benchCmd},
		{"version", "print the version of entopic and of its models", versionCmd},
	}
}

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stderrIsTTY: isTerminal(os.Stderr),
		load: job.LoadResources}
	os.Exit(dispatch(os.Args[1:], e))
}

// dispatch runs the command named by args[0] and returns the exit code.
func dispatch(args []string, e *env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return dispatch([]string{args[1], "--help"}, e)
		}
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], e)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, pflag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintf(e.stderr, "entopic %s: %v\n", c.name, err)
			fmt.Fprintf(e.stderr, "Run 'entopic %s --help' for usage.\n", c.name)
			return 2
		default:
			fmt.Fprintf(e.stderr, "entopic %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "entopic: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "entopic turns Chinese and English news and policy articles into Parquet tables.")
	fmt.Fprintln(w, "\nUsage:\n  entopic COMMAND [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'entopic COMMAND --help' for the flags of a command.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 the run failed, 2 usage error.")
}

// newFlags returns a flag set that reports errors instead of exiting and
// prints usage with the command's synopsis.
func newFlags(e *env, name, synopsis, about string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage:\n  entopic %s\n\n%s\n\nFlags:\n%s", synopsis, about, fs.FlagUsages())
	}
	return fs
}

// parse parses args, turning flag errors into usage errors.
func parse(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return nil
}

// newLogger returns the slog logger for --log-format.
func newLogger(w io.Writer, format string, level slog.Level) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usagef("--log-format must be text or json, not %q", format)
}
