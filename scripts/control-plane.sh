#!/usr/bin/env bash
# A local Kubernetes control plane for the tests: etcd, kube-apiserver (Pod Security admission on),
# kube-controller-manager (node lifecycle controller on, so kwok's nodes lose the not-ready taint),
# kube-scheduler and kwok (fake nodes whose pods become Ready / Jobs Complete), all on 127.0.0.1 with
# self-signed certificates, plus the add-on CRDs (tools/toolchain/crds) installed and Established.
#
# Usage: scripts/control-plane.sh start|stop|env
#   start  start everything, wait for /readyz, the nodes and the CRDs; prints the `env` lines
#   stop   stop every process start started and remove the state directory
#   env    print `export KUBECONFIG=...` for a running control plane
# Environment: CONTROL_PLANE_DIR  state directory (default ${TMPDIR:-/tmp}/prod-stack-control-plane)
#              CONTROL_PLANE_NODES number of fake nodes, one zone each (default 3)
# Binaries come from .tools/bin (scripts/install-cluster-tools.sh), or $CLUSTER_BIN_DIR.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="${CLUSTER_BIN_DIR:-${PROJECT_ROOT}/.tools/bin}"
TOOLCHAIN_DIR="${PROJECT_ROOT}/tools/toolchain"
STATE_DIR="${CONTROL_PLANE_DIR:-${TMPDIR:-/tmp}/prod-stack-control-plane}"
NODES="${CONTROL_PLANE_NODES:-3}"
# --allow-privileged as on a real cluster: refusing privileged pods is the job of Pod Security admission under test.
# Order matters: started in this order, stopped in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
SERVICE_CIDR=10.96.0.0/16

log() { echo "[control-plane $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

kubectl_() { "${BIN_DIR}/kubectl" --kubeconfig "${STATE_DIR}/kubeconfig" "$@"; }

alive() { [ -f "${STATE_DIR}/pids/$1" ] && kill -0 "$(cat "${STATE_DIR}/pids/$1")" 2>/dev/null; }

stop_all() {
  local i name pid
  [ -d "${STATE_DIR}" ] || return 0
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    name="${COMPONENTS[i]}"
    alive "${name}" || continue
    pid="$(cat "${STATE_DIR}/pids/${name}")"
    kill -TERM "${pid}" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pid}" 2>/dev/null || true
  done
  rm -rf "${STATE_DIR}"
}

# The logs go with the state directory, so show their ends first.
failed_start() {
  local f
  for f in "${STATE_DIR}"/logs/*.log; do
    [ -s "${f}" ] || continue
    log "last lines of $(basename "${f}"):"; tail -n 15 "${f}" >&2
  done
  stop_all
}

# Free loopback ports, one per line (bound together so they differ, then released).
free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# Directory of a pinned module in Go's module cache (downloaded and checked against the wrapper's go.sum).
module_dir() {
  (cd "$1" && GOFLAGS=-mod=readonly go mod download -json "$2") | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "${deadline}" ] || die "${what} not ready after ${seconds}s (logs: ${STATE_DIR}/logs)"
    sleep 0.2
  done
}

launch() { # launch NAME ARGS...: detached, in its own session, so it outlives this script until `stop`
  local name="$1"; shift
  setsid "${BIN_DIR}/${name}" "$@" >"${STATE_DIR}/logs/${name}.log" 2>&1 < /dev/null &
  echo $! > "${STATE_DIR}/pids/${name}"
}

make_certs() {
  local d="${STATE_DIR}/pki"
  mkdir -p "${d}"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=prod-stack-test-ca" \
    -keyout "${d}/ca.key" -out "${d}/ca.crt" 2>/dev/null
  issue() { # issue NAME SUBJECT EXTENSIONS
    openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "${d}/$1.key" -out "${d}/$1.csr" 2>/dev/null
    openssl x509 -req -in "${d}/$1.csr" -CA "${d}/ca.crt" -CAkey "${d}/ca.key" -CAcreateserial -days 2 \
      -extfile <(printf '%s\n' "$3") -out "${d}/$1.crt" 2>/dev/null
  }
  issue apiserver "/CN=kube-apiserver" \
    "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth"
  # system:masters: the tests, the controllers, the scheduler and kwok all act as cluster admin.
  issue admin "/O=system:masters/CN=prod-stack-admin" "extendedKeyUsage=clientAuth"
  openssl genrsa -out "${d}/sa.key" 2048 2>/dev/null
  openssl rsa -in "${d}/sa.key" -pubout -out "${d}/sa.pub" 2>/dev/null
}

write_kubeconfig() {
  local d="${STATE_DIR}/pki"
  cat > "${STATE_DIR}/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$1
    certificate-authority: ${d}/ca.crt
users:
- name: admin
  user:
    client-certificate: ${d}/admin.crt
    client-key: ${d}/admin.key
contexts:
- name: local
  context: {cluster: local, user: admin}
current-context: local
EOF
}

# kwok's configuration plus the node and pod stages its module ships (fast readiness, lease heartbeats,
# pods Ready/Succeeded/deleted), so Deployments become Available and Jobs Complete.
write_kwok_config() {
  local stages
  stages="$(module_dir "${TOOLCHAIN_DIR}/kwok" sigs.k8s.io/kwok)/kustomize/stage"
  [ -d "${stages}" ] || die "kwok stages not found in the module cache; run scripts/install-cluster-tools.sh"
  {
    cat <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  manageAllNodes: false
  manageNodesWithAnnotationSelector: kwok.x-k8s.io/node=fake
  nodeLeaseDurationSeconds: 40
  nodeLeaseParallelism: 4
  podPlayStageParallelism: 4
  nodePlayStageParallelism: 4
  enablePodsOnNodeSyncStreamWatch: true
  enableCRDs: []
EOF
    local f
    for f in "${stages}"/node/fast/*.yaml "${stages}"/node/heartbeat-with-lease/*.yaml "${stages}"/pod/fast/*.yaml; do
      [ "$(basename "${f}")" = kustomization.yaml ] && continue
      echo "---"; cat "${f}"
    done
  } > "${STATE_DIR}/kwok.yaml"
}

nodes_manifest() {
  local i
  for ((i = 0; i < NODES; i++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-${i}
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: kwok-node-${i}
    topology.kubernetes.io/zone: zone-${i}
    type: kwok
spec: {}
status:
  capacity: {cpu: "32", memory: 128Gi, pods: "110", ephemeral-storage: 500Gi}
  allocatable: {cpu: "32", memory: 128Gi, pods: "110", ephemeral-storage: 500Gi}
  nodeInfo: {architecture: amd64, operatingSystem: linux, kubeletVersion: fake, kubeProxyVersion: fake}
EOF
  done
}

install_crds() {
  local module path dir
  while read -r module path; do
    dir="$(module_dir "${TOOLCHAIN_DIR}/crds" "${module}")"
    [ -e "${dir}/${path}" ] || die "CRDs ${module}/${path} not found in the module cache; run scripts/install-cluster-tools.sh"
    kubectl_ apply --server-side --force-conflicts --field-manager=control-plane -R -f "${dir}/${path}" >/dev/null
  done < <(grep -v '^#' "${TOOLCHAIN_DIR}/crds/sources.txt")
  kubectl_ wait --for=condition=Established crd --all --timeout=120s >/dev/null
}

start() {
  local name
  for name in "${COMPONENTS[@]}" kubectl; do
    [ -x "${BIN_DIR}/${name}" ] || die "${BIN_DIR}/${name} is missing; run scripts/install-cluster-tools.sh"
  done
  command -v openssl >/dev/null || die "openssl is not on PATH; install it (apt-get install openssl)"
  for name in "${COMPONENTS[@]}"; do
    ! alive "${name}" || die "already running in ${STATE_DIR}; run: scripts/control-plane.sh stop"
  done
  rm -rf "${STATE_DIR}"
  mkdir -p "${STATE_DIR}/logs" "${STATE_DIR}/pids"
  # Nothing outlives a start that fails or is interrupted; cleared once everything is up.
  trap 'failed_start' EXIT
  trap 'exit 130' INT TERM
  local began; began=$(date +%s.%N)

  local ports; mapfile -t ports < <(free_ports 6)
  local etcd_port="${ports[0]}" peer_port="${ports[1]}" api_port="${ports[2]}"
  local kcm_port="${ports[3]}" sched_port="${ports[4]}" kwok_port="${ports[5]}"
  local pki="${STATE_DIR}/pki" kc="${STATE_DIR}/kubeconfig"
  make_certs
  write_kubeconfig "${api_port}"
  write_kwok_config

  launch etcd --name default --data-dir "${STATE_DIR}/etcd" \
    --listen-client-urls "http://127.0.0.1:${etcd_port}" --advertise-client-urls "http://127.0.0.1:${etcd_port}" \
    --listen-peer-urls "http://127.0.0.1:${peer_port}" --initial-advertise-peer-urls "http://127.0.0.1:${peer_port}" \
    --initial-cluster "default=http://127.0.0.1:${peer_port}" --unsafe-no-fsync --log-level warn
  wait_for 30 etcd curl -fsS "http://127.0.0.1:${etcd_port}/health"

  launch kube-apiserver --etcd-servers "http://127.0.0.1:${etcd_port}" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "${api_port}" \
    --tls-cert-file "${pki}/apiserver.crt" --tls-private-key-file "${pki}/apiserver.key" \
    --client-ca-file "${pki}/ca.crt" --authorization-mode RBAC \
    --service-account-key-file "${pki}/sa.pub" --service-account-signing-key-file "${pki}/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range "${SERVICE_CIDR}" --enable-admission-plugins PodSecurity \
    --profiling=false --endpoint-reconciler-type none --allow-privileged=true
  wait_for 120 kube-apiserver curl -fsS --cacert "${pki}/ca.crt" --cert "${pki}/admin.crt" --key "${pki}/admin.key" \
    "https://127.0.0.1:${api_port}/readyz"
  log "kube-apiserver ready at https://127.0.0.1:${api_port} after $(elapsed "${began}")s"

  launch kube-controller-manager --kubeconfig "${kc}" --authentication-kubeconfig "${kc}" \
    --authorization-kubeconfig "${kc}" --bind-address 127.0.0.1 --secure-port "${kcm_port}" --leader-elect=false \
    --controllers '*' --service-account-private-key-file "${pki}/sa.key" --root-ca-file "${pki}/ca.crt" \
    --use-service-account-credentials=false --service-cluster-ip-range "${SERVICE_CIDR}"
  launch kube-scheduler --kubeconfig "${kc}" --authentication-kubeconfig "${kc}" --authorization-kubeconfig "${kc}" \
    --bind-address 127.0.0.1 --secure-port "${sched_port}" --leader-elect=false
  launch kwok --kubeconfig "${kc}" --config "${STATE_DIR}/kwok.yaml" \
    --server-address "127.0.0.1:${kwok_port}" --node-port "${kwok_port}" --node-ip 127.0.0.1 --cidr 10.244.0.0/16

  nodes_manifest | kubectl_ apply --server-side --field-manager=control-plane -f - >/dev/null
  install_crds
  log "CRDs Established after $(elapsed "${began}")s"
  kubectl_ wait --for=condition=Ready node --all --timeout=120s >/dev/null
  # Pods are admitted only once the namespace's default ServiceAccount exists (kcm creates it).
  wait_for 60 "default ServiceAccount" kubectl_ get serviceaccount default -n default
  for name in "${COMPONENTS[@]}"; do alive "${name}" || die "${name} exited (log: ${STATE_DIR}/logs/${name}.log)"; done
  echo "${api_port}" > "${STATE_DIR}/api-port"
  trap - EXIT INT TERM
  log "ready after $(elapsed "${began}")s (${NODES} fake nodes); stop with: scripts/control-plane.sh stop"
  print_env
}

elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

print_env() {
  [ -f "${STATE_DIR}/api-port" ] || die "no control plane running in ${STATE_DIR}; run: scripts/control-plane.sh start"
  echo "export KUBECONFIG=${STATE_DIR}/kubeconfig"
  echo "export CONTROL_PLANE_SERVER=https://127.0.0.1:$(cat "${STATE_DIR}/api-port")"
}

case "${1:-}" in
  start) start ;;
  stop) stop_all ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
