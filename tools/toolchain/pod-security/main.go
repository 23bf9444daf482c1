// Command pod-security judges pods with the official Pod Security Standards evaluator
// (k8s.io/pod-security-admission/policy), the code the API server's admission plugin runs, so the
// policy pack's own pod-security rules can be compared with it verdict for verdict.
//
// Input on stdin: a JSON array of {"id", "level", "version", "pod": {"metadata", "spec"}}; level is
// privileged, baseline or restricted, version "latest" (default) or "v1.N". Output on stdout: a JSON
// array of {"id", "allowed", "reasons"} in input order, reasons being the evaluator's forbidden
// reasons with their details. Exit status 2 on malformed input, naming the case and the field.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type podInput struct {
	Metadata metav1.ObjectMeta `json:"metadata"`
	Spec     corev1.PodSpec    `json:"spec"`
}

type request struct {
	ID      string   `json:"id"`
	Level   string   `json:"level"`
	Version string   `json:"version"`
	Pod     podInput `json:"pod"`
}

type verdict struct {
	ID      string   `json:"id"`
	Allowed bool     `json:"allowed"`
	Reasons []string `json:"reasons"`
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pod-security: "+format+"\n", args...)
	os.Exit(2)
}

func main() {
	var requests []request
	if err := json.NewDecoder(os.Stdin).Decode(&requests); err != nil {
		fail("stdin must be a JSON array of {id, level, version, pod}: %v", err)
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		fail("cannot build the evaluator: %v", err)
	}
	out := make([]verdict, 0, len(requests))
	for i, r := range requests {
		level, err := api.ParseLevel(r.Level)
		if err != nil {
			fail("case %d (%q): level %q %v", i, r.ID, r.Level, err)
		}
		if r.Version == "" {
			r.Version = "latest"
		}
		version, err := api.ParseVersion(r.Version)
		if err != nil {
			fail("case %d (%q): version %q %v", i, r.ID, r.Version, err)
		}
		results := evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: version}, &r.Pod.Metadata, &r.Pod.Spec)
		agg := policy.AggregateCheckResults(results)
		reasons := make([]string, 0, len(agg.ForbiddenReasons))
		for j, reason := range agg.ForbiddenReasons {
			if agg.ForbiddenDetails[j] != "" {
				reason += " (" + agg.ForbiddenDetails[j] + ")"
			}
			reasons = append(reasons, reason)
		}
		out = append(out, verdict{ID: r.ID, Allowed: agg.Allowed, Reasons: reasons})
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail("writing the verdicts: %v", err)
	}
}
