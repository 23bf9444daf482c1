/**
 * Progressive delivery as data: which tracks (Deployments) a service runs, their images, replica counts and the
 * traffic weight each gets at the edge.
 */
import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig, minReplicasOf } from "../config";

export type TrackName = "stable" | "canary" | "blue" | "green";

export interface Track {
    track: TrackName;
    /** Name of the Deployment/StatefulSet and of the track's Service. */
    name: string;
    image: pulumi.Input<string>;
    /** Percent of the route's traffic. */
    weight: number;
    /** Full-size track: autoscaled and covered by a PodDisruptionBudget. The canary runs a fixed, small replica count. */
    scaled: boolean;
    /** Fixed replicas when not scaled. */
    replicas?: number;
    /** The track the main Service (cluster-internal callers) selects. */
    primary: boolean;
}

/** Tracks of a service. `image` is the resolved main image (config reference or the built one). */
export function tracksOf(svc: ServiceConfig, image: pulumi.Input<string>): Track[] {
    const p = svc.progressive;
    if (!p) return [{ track: "stable", name: svc.name, image, weight: 100, scaled: true, primary: true }];
    if (p.strategy === "canary") {
        return [
            { track: "stable", name: svc.name, image, weight: 100 - p.weight, scaled: true, primary: true },
            {
                track: "canary",
                name: `${svc.name}-canary`,
                image: p.image,
                weight: p.weight,
                scaled: false,
                // Roughly the canary's share of the minimum fleet, never less than one pod.
                replicas: Math.max(1, Math.ceil((minReplicasOf(svc) * p.weight) / 100)),
                primary: false,
            },
        ];
    }
    return (["blue", "green"] as const).map((color) => ({
        track: color,
        name: `${svc.name}-${color}`,
        image: color === "blue" ? p.blueImage : p.greenImage,
        weight: p.active === color ? 100 : 0,
        scaled: true,
        primary: p.active === color,
    }));
}

/** Names of the Services the edge routes to, with weights (WorkloadInfo.backends). */
export function backendsOf(svc: ServiceConfig, tracks: Track[]): { serviceName: string; weight: number }[] {
    if (tracks.length === 1) return [{ serviceName: svc.name, weight: 100 }];
    // Canary: the stable track is the main Service. Blue-green: each color has its own Service.
    return tracks.map((t) => ({ serviceName: t.track === "stable" ? svc.name : t.name, weight: t.weight }));
}
