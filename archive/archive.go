// Package archive writes and verifies archive packages (检查档案, Art. 31,
// SPEC R23): a zip file holding the records of a task or of a department's
// year, with a manifest that lists every file's path, size and SHA-256.
//
// The manifest is the file manifest.json at the root of the zip:
//
//	{
//	  "format": "doublerandom-archive/1",
//	  "title": "...",
//	  "created_at": "2026-12-20T08:00:00Z",
//	  "files": [{"path": "task.json", "size": 1234, "sha256": "..."}, ...]
//	}
//
// A package verifies when the manifest parses, every file it lists is in the
// zip once with that size and hash, and the zip holds no other file. Paths
// are relative, use "/" and never contain "..". The archive's own SHA-256
// (of the whole zip) is what the receiving office records; the manifest
// lets anyone check each file without trusting the system that wrote it.
package archive

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Format identifies the manifest format.
const Format = "doublerandom-archive/1"

// ManifestName is the manifest's path in the zip.
const ManifestName = "manifest.json"

// Manifest lists the files of a package.
type Manifest struct {
	Format    string `json:"format"`
	Title     string `json:"title"`
	CreatedAt string `json:"created_at"`
	Files     []File `json:"files"`
}

// File is one file of a package.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Writer writes a package. Add files, then Close, which writes the manifest.
type Writer struct {
	zw   *zip.Writer
	m    Manifest
	at   time.Time
	seen map[string]bool
}

// NewWriter starts a package titled title on w. Every file is stamped with
// created, so that the same records always make the same bytes.
func NewWriter(w io.Writer, title string, created time.Time) *Writer {
	created = created.UTC().Truncate(time.Second)
	return &Writer{zw: zip.NewWriter(w), at: created, seen: map[string]bool{},
		m: Manifest{Format: Format, Title: title, CreatedAt: created.Format(time.RFC3339),
			Files: []File{}}}
}

// CheckPath reports why p cannot be a file's path in a package, or nil.
func CheckPath(p string) error {
	switch {
	case p == "" || !utf8.ValidString(p):
		return fmt.Errorf("archive path %q is empty or not UTF-8", p)
	case strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || strings.HasSuffix(p, "/"):
		return fmt.Errorf("archive path %q must be relative, use / and name a file", p)
	case p == ManifestName:
		return fmt.Errorf("archive path %q is reserved for the manifest", p)
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("archive path %q has an empty, . or .. element", p)
		}
	}
	return nil
}

// Add adds a file to the package.
func (w *Writer) Add(path string, content []byte) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	if w.seen[path] {
		return fmt.Errorf("archive path %q added twice", path)
	}
	w.seen[path] = true
	if err := w.write(path, content); err != nil {
		return err
	}
	sum := sha256.Sum256(content)
	w.m.Files = append(w.m.Files, File{Path: path, Size: int64(len(content)),
		SHA256: hex.EncodeToString(sum[:])})
	return nil
}

// AddJSON adds v as an indented JSON file.
func (w *Writer) AddJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("archive %s: %w", path, err)
	}
	return w.Add(path, append(b, '\n'))
}

func (w *Writer) write(path string, content []byte) error {
	f, err := w.zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate,
		Modified: w.at})
	if err != nil {
		return fmt.Errorf("archive %s: %w", path, err)
	}
	if _, err := f.Write(content); err != nil {
		return fmt.Errorf("archive %s: %w", path, err)
	}
	return nil
}

// Manifest returns the manifest of the files added so far.
func (w *Writer) Manifest() Manifest { return w.m }

// Close writes the manifest and finishes the zip.
func (w *Writer) Close() error {
	b, err := json.MarshalIndent(w.m, "", "  ")
	if err != nil {
		return err
	}
	if err := w.write(ManifestName, append(b, '\n')); err != nil {
		return err
	}
	return w.zw.Close()
}
