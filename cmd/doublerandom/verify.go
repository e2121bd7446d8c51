package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"doublerandom/draw"
)

// verifyCommand re-runs a published draw record and reports every way it
// fails to reproduce.
type verifyCommand struct{}

func init() { register(&verifyCommand{}) }

func (*verifyCommand) Name() string { return "verify" }

func (*verifyCommand) Synopsis() string {
	return "verify [--candidates FILE] RECORD.json: re-run a draw record; " +
		"exit 0 only if it reproduces"
}

func (c *verifyCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	candFile := fs.String("candidates", "",
		"the published candidate list, when the record does not carry it inline")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: doublerandom verify [--candidates FILE] RECORD.json")
	}
	path := fs.Arg(0)
	body, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var rec draw.Record
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return fmt.Errorf("%s is not a draw record: %w", path, err)
	}
	var cands []draw.Candidate
	if *candFile != "" {
		b, err := os.ReadFile(*candFile)
		if err != nil {
			return err
		}
		if cands, err = draw.ParseCandidates(b); err != nil {
			return fmt.Errorf("%s: %w", *candFile, err)
		}
	} else if rec.Candidates == nil {
		return fmt.Errorf("%s carries no candidate list: pass the published one with --candidates",
			path)
	}

	diffs := draw.Verify(&rec, cands)
	if len(diffs) == 0 {
		fmt.Fprintf(stdout,
			"OK: %s reproduces exactly: seed %s, %d candidates, %d drawn, %d teams\n",
			path, rec.Seed, rec.CandidateCount, len(rec.Drawn), len(rec.Teams))
		return nil
	}
	fmt.Fprintf(stdout, "FAILED: %s does not reproduce (%d differences):\n", path, len(diffs))
	for _, d := range diffs {
		fmt.Fprintf(stdout, "  %s\n", d)
	}
	return exitError{code: 1}
}
