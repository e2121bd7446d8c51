// Command doublerandom runs the double random, one public (双随机、一公开)
// joint inspection platform: the demo, the web server, draw verification and
// the tools around them. Each subcommand lives in its own file and type and
// registers itself in init.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"doublerandom"
	"doublerandom/store"
)

// command is one subcommand of doublerandom.
type command interface {
	// Name is the word that selects the command.
	Name() string
	// Synopsis is a one-line usage summary.
	Synopsis() string
	// Run executes the command with the arguments after its name.
	Run(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

// register adds a subcommand; each command file calls it from init.
func register(c command) { commands[c.Name()] = c }

// usageError is bad usage: its message is printed and the exit status is 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// openStore opens the database a command's required --db flag names.
func openStore(ctx context.Context, db string) (*store.Store, error) {
	if db == "" {
		return nil, usageError{"--db is required: a SQLite file or a postgres:// URL"}
	}
	return store.Open(ctx, db)
}

// exitError carries a process exit status without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		return 2
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "doublerandom: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	err := c.Run(ctx, args[1:], stdout, stderr)
	var (
		ee exitError
		ue usageError
	)
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "doublerandom %s: %s\n", c.Name(), ue.msg)
		return 2
	case errors.Is(err, flag.ErrHelp):
		return 2
	case errors.As(err, &ee):
		return ee.code
	default:
		msg := err.Error()
		if doublerandom.ErrorCode(err) != doublerandom.EINTERNAL {
			msg = doublerandom.ErrorMessage(err)
		}
		fmt.Fprintf(stderr, "doublerandom %s: %s\n", c.Name(), msg)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: doublerandom COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Synopsis())
	}
}
