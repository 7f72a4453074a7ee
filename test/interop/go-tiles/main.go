// An independent verifier of Tally's C2SP tiles, built only on Go's golang.org/x/mod/sumdb
// (note and tlog). It reads the checkpoint, verifies it with sumdb/note and the log's verifier
// key, then reads every hash tile through tlog.TileHashReader (which authenticates each tile
// against the signed tree hash), recomputes the tree hash, and proves every entry of the entry
// bundles into it with tlog.ProveRecord / tlog.CheckRecord.
//
// sumdb/tlog names tiles tile/<H>/<L>/<N>[.p/<W>] with H = 8 and data tiles tile/8/data/...;
// C2SP drops the height and calls data tiles entries, so paths are mapped here.
//
// usage: go run main.go <tiles URL prefix> <log verifier key>
package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type tileReader struct{ prefix string }

func (r tileReader) Height() int { return 8 }

func c2spPath(t tlog.Tile) string {
	p := t.Path()
	p = strings.Replace(p, "tile/8/data/", "tile/entries/", 1)
	return strings.Replace(p, "tile/8/", "tile/", 1)
}

func get(url string) ([]byte, error) {
	res, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return io.ReadAll(res.Body)
}

func (r tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := get(r.prefix + "/" + c2spPath(t))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: go run main.go <tiles URL prefix> <log verifier key>")
	}
	prefix := strings.TrimRight(os.Args[1], "/")
	verifier, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fail("verifier key: %v", err)
	}
	text, err := get(prefix + "/checkpoint")
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(text, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint does not verify with the log key: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 4 || lines[0] != verifier.Name() {
		fail("checkpoint body is not origin, size, root")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("size: %v", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		fail("root is not a base64 hash")
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	tree := tlog.Tree{N: size, Hash: root}
	hr := tlog.TileHashReader(tree, tileReader{prefix})

	computed, err := tlog.TreeHash(size, hr)
	if err != nil || computed != root {
		fail("tree hash from tiles: %v (%v)", computed, err)
	}
	checked := int64(0)
	for start := int64(0); start < size; start += 256 {
		width := size - start
		if width > 256 {
			width = 256
		}
		tile := tlog.Tile{H: 8, L: -1, N: start / 256, W: int(width)}
		bundle, err := get(prefix + "/" + c2spPath(tile))
		if err != nil {
			fail("%v", err)
		}
		for i := int64(0); i < width; i++ {
			if len(bundle) < 2 {
				fail("entry bundle %d ends early", tile.N)
			}
			length := int(bundle[0])<<8 | int(bundle[1])
			if len(bundle) < 2+length {
				fail("entry bundle %d ends inside an entry", tile.N)
			}
			record := bundle[2 : 2+length]
			bundle = bundle[2+length:]
			proof, err := tlog.ProveRecord(size, start+i, hr)
			if err != nil {
				fail("proof of %d: %v", start+i, err)
			}
			if err := tlog.CheckRecord(proof, size, root, start+i, tlog.RecordHash(record)); err != nil {
				fail("entry %d: %v", start+i, err)
			}
			checked++
		}
	}
	fmt.Printf("OK: %d entries of %s verified by golang.org/x/mod/sumdb/tlog, root %x, %d signature(s) on the checkpoint, %d unverified (witness) signature(s)\n", checked, verifier.Name(), root, len(n.Sigs), len(n.UnverifiedSigs))
}
