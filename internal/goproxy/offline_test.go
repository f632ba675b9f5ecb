package goproxy_test

import (
	"context"
	"testing"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/goproxy"
)

func TestOffersLocally(t *testing.T) {
	m := module.Version{Path: "golang.org/toolchain", Version: "v0.0.1-go1.27.0.linux-amd64"}
	o := factstest.NewMachine(t).Linux().
		File("/srv/full/golang.org/toolchain/@v/v0.0.1-go1.27.0.linux-amd64.zip", "zip").
		Dir("/srv/empty")
	f, err := facts.New(context.Background(), o, facts.Options{Dir: "/srv"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		goproxy string
		want    goproxy.Offer
	}{
		{"file:///srv/full", goproxy.OfferYes},
		{"file:///srv/empty", goproxy.OfferNo},
		{"file:///srv/empty,file:///srv/full", goproxy.OfferYes}, // not found falls through
		{"file:///srv/empty|file:///srv/full", goproxy.OfferYes},
		{"file:///srv/empty,off", goproxy.OfferNo},
		{"off", goproxy.OfferNo},
		{"file:///srv/empty,https://proxy.example", goproxy.OfferUnknown},
		{"direct", goproxy.OfferUnknown},
	} {
		if got := goproxy.OffersLocally(f, mustParse(t, tc.goproxy), m); got != tc.want {
			t.Errorf("OffersLocally(%s) = %v, want %v", tc.goproxy, got, tc.want)
		}
	}
}
