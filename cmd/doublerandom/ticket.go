package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"

	"doublerandom/draw"
)

func init() { register(&ticketCommand{}) }

// ticketCommand prints full-precision tickets, so that anyone can check one
// id of a published draw by hand or against another implementation.
type ticketCommand struct{}

// Name implements command.
func (*ticketCommand) Name() string { return "ticket" }

// Synopsis implements command.
func (*ticketCommand) Synopsis() string {
	return "ticket --seed TEXT ID...: print the full-precision ticket of each id"
}

const ticketUsage = `usage: doublerandom ticket --seed TEXT ID...

Prints the ticket of each ID under the seed, one per line, in the order
given: "0." followed by at least 64 digits, as Rivest's consistent_sampler
computes it. A draw takes the ids with the smallest tickets. The seed and
the ids are used as text, byte for byte.
`

// Run implements command.
func (c *ticketCommand) Run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ticket", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, ticketUsage) }
	seed := fs.String("seed", "", "the seed text (required)")
	ids, err := drawParseArgs(fs, args)
	if err != nil {
		return err
	}
	if !drawFlagGiven(fs, "seed") || len(ids) == 0 {
		fmt.Fprintf(stderr, "doublerandom ticket: give --seed TEXT and at least one ID\n\n%s",
			ticketUsage)
		return exitError{code: 2}
	}
	w := bufio.NewWriter(stdout)
	for _, id := range ids {
		fmt.Fprintln(w, draw.Ticket(*seed, id))
	}
	return w.Flush()
}
