package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress draws a progress bar of an import on a terminal, by bytes read
// of the file, at most ten times a second. It draws nothing when its writer
// is not a terminal, so that scripts and logs stay quiet.
type progress struct {
	w     io.Writer
	total int64
	start time.Time
	last  time.Time
	on    bool
}

// barWidth is the width of the bar in characters.
const barWidth = 30

// newProgress returns the progress bar of reading f, shown on w when w is
// a terminal.
func newProgress(w io.Writer, f *os.File) *progress {
	p := &progress{w: w, start: time.Now()}
	out, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(out.Fd())) {
		return p
	}
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		p.total, p.on = st.Size(), true
	}
	return p
}

// update redraws the bar for read bytes.
func (p *progress) update(read int64) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	frac := min(float64(read)/float64(p.total), 1)
	n := int(frac * barWidth)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %s of %s, %s", strings.Repeat("#", n),
		strings.Repeat(".", barWidth-n), frac*100, size(read), size(p.total),
		time.Since(p.start).Round(time.Second))
}

// done clears the bar.
func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// size writes a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
