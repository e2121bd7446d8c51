package archive

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// maxManifest bounds the manifest a verifier reads into memory.
const maxManifest = 64 << 20

// Problem is one way a package fails to verify.
type Problem struct {
	Path string
	What string
}

// String implements fmt.Stringer.
func (p Problem) String() string { return p.Path + ": " + p.What }

// Verify checks a package read from r (size bytes): it returns the manifest
// and the problems found, none when the package verifies. An error means r
// is not a package at all (not a zip, or no readable manifest).
func Verify(r io.ReaderAt, size int64) (*Manifest, []Problem, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("not a zip file: %w", err)
	}
	m, err := readManifest(zr)
	if err != nil {
		return nil, nil, err
	}
	var probs []Problem
	inZip := map[string][]*zip.File{}
	for _, f := range zr.File {
		// Folder entries, which zip tools add when an archive is unpacked
		// and packed again, hold no content; an empty one changes nothing.
		if strings.HasSuffix(f.Name, "/") && f.UncompressedSize64 == 0 {
			continue
		}
		inZip[f.Name] = append(inZip[f.Name], f)
	}
	listed := map[string]bool{}
	for _, want := range m.Files {
		if err := CheckPath(want.Path); err != nil {
			probs = append(probs, Problem{want.Path, err.Error()})
			continue
		}
		if listed[want.Path] {
			probs = append(probs, Problem{want.Path, "listed twice in the manifest"})
			continue
		}
		listed[want.Path] = true
		fs := inZip[want.Path]
		switch len(fs) {
		case 0:
			probs = append(probs, Problem{want.Path, "listed in the manifest but missing"})
			continue
		case 1:
		default:
			probs = append(probs, Problem{want.Path,
				fmt.Sprintf("%d entries in the zip", len(fs))})
			continue
		}
		n, sum, err := hashFile(fs[0])
		switch {
		case err != nil:
			probs = append(probs, Problem{want.Path, "unreadable: " + err.Error()})
		case n != want.Size:
			probs = append(probs, Problem{want.Path,
				fmt.Sprintf("size %d, the manifest says %d", n, want.Size)})
		case sum != want.SHA256:
			probs = append(probs, Problem{want.Path,
				fmt.Sprintf("SHA-256 %s, the manifest says %s", sum, want.SHA256)})
		}
	}
	var extra []string
	for name := range inZip {
		if name != ManifestName && !listed[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		probs = append(probs, Problem{name, "in the zip but not in the manifest"})
	}
	return m, probs, nil
}

// VerifyFile verifies the package in the named file.
func VerifyFile(path string) (*Manifest, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	return Verify(f, st.Size())
}

func readManifest(zr *zip.Reader) (*Manifest, error) {
	var mf *zip.File
	for _, f := range zr.File {
		if f.Name == ManifestName {
			if mf != nil {
				return nil, fmt.Errorf("the zip holds %s twice", ManifestName)
			}
			mf = f
		}
	}
	if mf == nil {
		return nil, fmt.Errorf("the zip holds no %s: it is not an archive package", ManifestName)
	}
	rc, err := mf.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	defer rc.Close()
	var m Manifest
	dec := json.NewDecoder(io.LimitReader(rc, maxManifest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: format %q, want %q", ManifestName, m.Format, Format)
	}
	return &m, nil
}

func hashFile(f *zip.File) (int64, string, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, "", err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return n, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}
