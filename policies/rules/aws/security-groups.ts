import type { PolicyResource } from "@pulumi/policy";
import { dependentsOf } from "../../lib/aws/join";
import { A, tagsOf } from "../../lib/aws/types";
import { known, UNKNOWN } from "../../lib/preview";
import { stackRule } from "../../lib/rule";

const OPEN = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];

interface Ingress {
    from: number;
    to: number;
    protocol: string;
    open: boolean;
}

/** Ingress entries of a group's inline rules, a SecurityGroupRule, or a vpc SecurityGroupIngressRule. */
function ingressesOf(r: PolicyResource): Ingress[] {
    const p = r.props;
    const entry = (from: unknown, to: unknown, protocol: unknown, cidrs: unknown[]): Ingress => ({
        from: Number(from ?? 0),
        to: Number(to ?? 65535),
        protocol: String(protocol ?? "-1"),
        open: cidrs.some((c) => OPEN.includes(String(c))),
    });
    if (r.type === A.SecurityGroup) {
        return (p.ingress ?? []).map((i: any) =>
            entry(i.fromPort, i.toPort, i.protocol, [...(i.cidrBlocks ?? []), ...(i.ipv6CidrBlocks ?? [])]),
        );
    }
    if (r.type === A.SecurityGroupRule) {
        return p.type === "ingress"
            ? [entry(p.fromPort, p.toPort, p.protocol, [...(p.cidrBlocks ?? []), ...(p.ipv6CidrBlocks ?? [])])]
            : [];
    }
    if (r.type === A.SecurityGroupIngressRule) {
        return [
            entry(
                p.fromPort,
                p.toPort,
                p.ipProtocol,
                [p.cidrIpv4, p.cidrIpv6].filter((c) => c !== undefined),
            ),
        ];
    }
    return [];
}

const isWebOnly = (i: Ingress) => i.protocol.toLowerCase() === "tcp" && i.from === i.to && WEB_PORTS.includes(i.from);

interface SgConfig {
    loadBalancerTag: string;
    loadBalancerTagValue: string;
}

export const noPublicIngress = stackRule<SgConfig>(
    {
        name: "sg-no-public-ingress",
        description:
            "Security groups must not allow ingress from 0.0.0.0/0 or ::/0, except TCP 80/443 on groups tagged as a load balancer's.",
        remediationSteps:
            "Restrict the source to a security group or VPC CIDR; only the load balancer's group (tagged per this rule's config) may open 80/443 to the internet.",
        severity: "critical",
        tags: ["aws", "network"],
        configSchema: {
            properties: {
                loadBalancerTag: { type: "string", default: "prod-stack.io/role" },
                loadBalancerTagValue: { type: "string", default: "load-balancer" },
            },
        },
    },
    (ctx) => {
        const groups = ctx.resources.filter((r) => r.type === A.SecurityGroup);
        const isLb = (g: PolicyResource) => known(() => tagsOf(g.props)[ctx.config.loadBalancerTag] === ctx.config.loadBalancerTagValue);
        for (const r of ctx.resources) {
            const ingresses = known(() => ingressesOf(r));
            if (ingresses === UNKNOWN) continue;
            const open = ingresses.filter((i) => i.open);
            if (open.length === 0) continue;
            let lb: boolean | typeof UNKNOWN;
            if (r.type === A.SecurityGroup) lb = isLb(r);
            else {
                const owners = groups.filter((g) => dependentsOf(g, [r], "securityGroupId", []).matches.length > 0);
                const undetermined = groups.some((g) => dependentsOf(g, [r], "securityGroupId", []).undetermined);
                lb = owners.length > 0 ? owners.every((g) => isLb(g) === true) : undetermined ? UNKNOWN : false;
            }
            for (const i of open) {
                if (isWebOnly(i) && lb !== false) continue;
                ctx.report(r, `${r.type.split(":").pop()} ${r.name} allows ${i.protocol} ${i.from}-${i.to} from the internet.`);
            }
        }
    },
);

export const securityGroupRules = [noPublicIngress];
