package pos

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewID returns a 26-character, time-ordered, globally unique id (the ULID
// layout: 48 bits of milliseconds then 80 random bits, Crockford base32).
// Ids made on different tills never collide, so head office can merge every
// till's orders and events without renumbering.
func NewID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("pos: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	var out [26]byte
	// 128 bits as 26 base32 digits (the first digit holds the top 3 bits).
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}
