package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// csvReader reads CSV rows through encoding/csv.
type csvReader struct {
	name   string
	format string
	r      *csv.Reader
	row    int
	// endLine is the input line on which the last record ended; the
	// blank lines encoding/csv skips still count as Excel rows.
	endLine int
}

// openCSV reads br as CSV. head is the sniffed start of the input: valid
// UTF-8 (after an optional BOM) means UTF-8, anything else GB18030. A line
// with more tabs than commas makes the file tab-separated, as Excel's "text"
// export is.
func openCSV(br *bufio.Reader, head []byte, name string) (Reader, error) {
	format := FormatCSVUTF8
	var src io.Reader = br
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		if _, err := br.Discard(len(utf8BOM)); err != nil {
			return nil, invalidf(name, "cannot read the file: %v", err)
		}
	case bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return nil, invalidf(name, "the file is UTF-16 text, which cannot be read; "+
			"save it as \"CSV UTF-8\" or .xlsx and upload it again")
	case !validUTF8Prefix(head, len(head) == sniffSize):
		format = FormatCSVGB18030
		src = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}

	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	cr.Comma = sniffComma(head)
	return &csvReader{name: name, format: format, r: cr}, nil
}

// sniffComma returns '\t' when the first line of head has more tabs than
// commas, else ','.
func sniffComma(head []byte) rune {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if bytes.Count(line, []byte("\t")) > bytes.Count(line, []byte(",")) {
		return '\t'
	}
	return ','
}

// Next implements Reader.
func (c *csvReader) Next() ([]string, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		c.row++
		return nil, c.readError(err)
	}
	start, _ := c.r.FieldPos(0)
	c.row += 1 + max(0, start-c.endLine-1)
	last := len(rec) - 1
	end, _ := c.r.FieldPos(last)
	c.endLine = end + strings.Count(rec[last], "\n")
	if c.format == FormatCSVUTF8 {
		for _, s := range rec {
			if !utf8.ValidString(s) {
				return nil, invalidf(c.name, "row %d is not valid UTF-8 although the start "+
					"of the file is; save the whole file as \"CSV UTF-8\" and upload it again",
					c.row)
			}
		}
	}
	return rec, nil
}

// readError turns an encoding/csv error into a message for the user.
func (c *csvReader) readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return invalidf(c.name, "row %d (line %d, column %d) is not valid CSV: %v",
			c.row, pe.Line, pe.Column, pe.Err)
	}
	return invalidf(c.name, "cannot read row %d: %v", c.row, err)
}

// Row implements Reader. A row is one CSV record, as Excel counts it even
// when a quoted cell spans several lines.
func (c *csvReader) Row() int { return c.row }

// Format implements Reader.
func (c *csvReader) Format() string { return c.format }

// Close implements Reader.
func (c *csvReader) Close() error { return nil }
