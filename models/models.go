// Package models holds the resources entopic ships inside its binary:
// dictionaries, gazetteers, the topic taxonomy, stopword lists and trained
// weights, all under models/data/.
//
// In: nothing but the embedded files. Out: their bytes, by name, and a list
// of every resource with its size and checksum for the run manifest. The
// package only knows how to hand the files out; each stage parses the
// resources it uses, once per process, when it is built.
package models

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
)

//go:embed data
var files embed.FS

// Read returns the content of the embedded resource name, a path relative to
// models/data/, such as "taxonomy.yaml".
func Read(name string) ([]byte, error) {
	b, err := files.ReadFile(path.Join("data", name))
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return b, nil
}

// Open opens the embedded resource name for reading as a stream, without
// the copy Read makes: for the large ones (the entity models) that are
// decoded as they are read.
func Open(name string) (fs.File, error) {
	f, err := files.Open(path.Join("data", name))
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return f, nil
}

// Info describes one embedded resource.
type Info struct {
	Name   string `json:"name"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// List describes every embedded resource, in name order.
func List() ([]Info, error) {
	var infos []Info
	err := fs.WalkDir(files, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := files.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		infos = append(infos, Info{Name: p[len("data/"):], Bytes: int(n), SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return infos, nil
}
