{{/*
Naming and labelling helpers.

Templates that render resources per system range over .Values.systems and pass the helpers below
a context: dict "root" $ "name" <system name> "cfg" <systems.<name> values>.
*/}}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "multisystem.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-wide prefix of every resource name. The release name alone when it already contains the chart name.
*/}}
{{- define "multisystem.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version for the helm.sh/chart label. */}}
{{- define "multisystem.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of one system's resources. Kept to 52 characters: a StatefulSet's pods carry a
controller-revision-hash label built from the StatefulSet name, which must stay within 63.
*/}}
{{- define "multisystem.systemFullname" -}}
{{- printf "%s-%s" (include "multisystem.fullname" .root) .name | trunc 52 | trimSuffix "-" }}
{{- end }}

{{/* Headless Service of a stateful system: stable DNS names for its pods, used for peer discovery. */}}
{{- define "multisystem.headlessServiceName" -}}
{{- printf "%s-headless" (include "multisystem.systemFullname" .) }}
{{- end }}

{{/* Labels shared by every resource of the release. */}}
{{- define "multisystem.commonLabels" -}}
helm.sh/chart: {{ include "multisystem.chart" . }}
app.kubernetes.io/name: {{ include "multisystem.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: multisystem
{{- end }}

{{/* Labels of one system's resources. */}}
{{- define "multisystem.labels" -}}
{{ include "multisystem.commonLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Immutable selector labels of one system's pods. */}}
{{- define "multisystem.selectorLabels" -}}
app.kubernetes.io/name: {{ include "multisystem.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Kind of workload that runs a system: DaemonSet, StatefulSet or Deployment. */}}
{{- define "multisystem.workloadKind" -}}
{{- if .cfg.daemonSet }}DaemonSet{{ else if .cfg.stateful }}StatefulSet{{ else }}Deployment{{ end }}
{{- end }}

{{/* Replica count of a Deployment or StatefulSet: systems.<name>.replicas, 1 when unset. */}}
{{- define "multisystem.replicas" -}}
{{- if hasKey .cfg "replicas" }}{{ .cfg.replicas | int }}{{ else }}1{{ end }}
{{- end }}

{{/* Name of the ServiceAccount the pods run as. */}}
{{- define "multisystem.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "multisystem.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Container image of a system: <registry>/<repository>:<tag>, or @<digest> when a digest is set. */}}
{{- define "multisystem.image" -}}
{{- $global := .root.Values.global.image }}
{{- $image := .cfg.image | default dict }}
{{- $registry := $image.registry | default $global.registry }}
{{- $repository := $image.repository | default .name }}
{{- $reference := $repository }}
{{- if $registry }}
{{- $reference = printf "%s/%s" (trimSuffix "/" $registry) $repository }}
{{- end }}
{{- if $image.digest }}
{{- printf "%s@%s" $reference $image.digest }}
{{- else }}
{{- printf "%s:%s" $reference ($image.tag | default $global.tag | default .root.Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the tokens file; empty when no tokens are configured.
An existing Secret takes precedence over tokens listed in the values.
*/}}
{{- define "multisystem.tokensSecretName" -}}
{{- if .Values.global.tokens.existingSecret }}
{{- .Values.global.tokens.existingSecret }}
{{- else if .Values.global.tokens.tokens }}
{{- printf "%s-tokens" (include "multisystem.fullname" .) }}
{{- end }}
{{- end }}

{{/* Key of the tokens file inside the tokens Secret. */}}
{{- define "multisystem.tokensSecretKey" -}}
{{- if .Values.global.tokens.existingSecret }}
{{- .Values.global.tokens.existingSecretKey | default "tokens" }}
{{- else }}
{{- print "tokens" }}
{{- end }}
{{- end }}

{{/*
Named ports of a system as a list of dicts {name, port}: grpc, http, then the extra ports by name.
Rendered as YAML so callers can `fromYamlArray` it. Fails when two ports share a number.
*/}}
{{- define "multisystem.ports" -}}
{{- $ports := list (dict "name" "grpc" "port" .cfg.ports.grpc) (dict "name" "http" "port" .cfg.ports.http) }}
{{- range $name, $port := .cfg.ports }}
{{- if not (has $name (list "grpc" "http")) }}
{{- $ports = append $ports (dict "name" $name "port" $port) }}
{{- end }}
{{- end }}
{{- $seen := dict }}
{{- range $ports }}
{{- $key := toString .port }}
{{- if hasKey $seen $key }}
{{- fail (printf "systems.%s.ports: %s and %s both use port %s; give each port its own number" $.name (get $seen $key) .name $key) }}
{{- end }}
{{- $_ := set $seen $key .name }}
{{- end }}
{{- toYaml $ports }}
{{- end }}

{{/*
Container security context. A privileged cloud-kernel-agent runs as root with every capability and no
seccomp filter (eBPF and cgroup writes need them); every other container gets global.securityContext.
*/}}
{{- define "multisystem.containerSecurityContext" -}}
{{- $context := deepCopy .root.Values.global.securityContext }}
{{- if .cfg.privileged }}
{{- $context = omit $context "capabilities" "runAsNonRoot" "runAsUser" "runAsGroup" "allowPrivilegeEscalation" "seccompProfile" }}
{{- $_ := set $context "privileged" true }}
{{- $_ = set $context "allowPrivilegeEscalation" true }}
{{- $_ = set $context "runAsNonRoot" false }}
{{- $_ = set $context "runAsUser" 0 }}
{{- $_ = set $context "runAsGroup" 0 }}
{{- $_ = set $context "seccompProfile" (dict "type" "Unconfined") }}
{{- end }}
{{- toYaml $context }}
{{- end }}

{{/* Service ports for the list produced by "multisystem.ports". */}}
{{- define "multisystem.servicePorts" -}}
{{- range . }}
- name: {{ .name }}
  port: {{ .port | int }}
  targetPort: {{ .name }}
  protocol: TCP
  {{- if has .name (list "grpc" "http") }}
  appProtocol: {{ .name }}
  {{- end }}
{{- end }}
{{- end }}
