{{/*
Pod template shared by the Deployment, StatefulSet and DaemonSet of a system.
Context: dict "root" $ "name" <system name> "cfg" <systems.<name> values>.
*/}}
{{- define "multisystem.podTemplate" -}}
{{- $root := .root }}
{{- $global := $root.Values.global }}
{{- $cfg := .cfg }}
{{- $kind := include "multisystem.workloadKind" . }}
{{- $persistent := and (eq $kind "StatefulSet") $cfg.persistence $cfg.persistence.enabled }}
{{- $tokensSecret := include "multisystem.tokensSecretName" $root }}
{{- $podAnnotations := merge (dict) ($cfg.podAnnotations | default dict) ($global.podAnnotations | default dict) }}
{{- if $cfg.config }}
{{- $_ := set $podAnnotations "checksum/config" (toYaml $cfg.config | sha256sum) }}
{{- end }}
{{- if and $tokensSecret (not $global.tokens.existingSecret) }}
{{- $_ := set $podAnnotations "checksum/tokens" (join "\n" $global.tokens.tokens | sha256sum) }}
{{- end -}}
metadata:
  labels:
    {{- include "multisystem.labels" . | nindent 4 }}
    {{- with merge (dict) ($cfg.podLabels | default dict) ($global.podLabels | default dict) }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  serviceAccountName: {{ include "multisystem.serviceAccountName" $root }}
  automountServiceAccountToken: {{ $root.Values.serviceAccount.automountToken }}
  {{- /* Service links would inject MULTISYSTEM_<SERVICE>_PORT=tcp://... variables that Spring binds as properties. */}}
  enableServiceLinks: false
  {{- with $global.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $global.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- if $cfg.hostPID }}
  hostPID: true
  {{- end }}
  terminationGracePeriodSeconds: {{ $global.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $global.podSecurityContext | nindent 4 }}
  containers:
    - name: {{ .name }}
      image: {{ include "multisystem.image" . | quote }}
      imagePullPolicy: {{ $global.image.pullPolicy }}
      args:
        - serve
      ports:
        {{- range (include "multisystem.ports" . | fromYamlArray) }}
        - name: {{ .name }}
          containerPort: {{ .port | int }}
          protocol: TCP
        {{- end }}
      env:
        - name: MULTISYSTEM_HOME
          value: /data
        - name: MULTISYSTEM_BIND_ADDRESS
          value: "0.0.0.0"
        - name: SPRING_GRPC_SERVER_PORT
          value: {{ $cfg.ports.grpc | quote }}
        - name: SERVER_PORT
          value: {{ $cfg.ports.http | quote }}
        - name: MULTISYSTEM_LOGGING_JSON
          value: {{ $global.logging.json | default false | quote }}
        {{- with ($cfg.javaToolOptions | default $global.javaToolOptions) }}
        - name: JAVA_TOOL_OPTIONS
          value: {{ . | quote }}
        {{- end }}
        - name: MULTISYSTEM_POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: MULTISYSTEM_POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: MULTISYSTEM_POD_IP
          valueFrom:
            fieldRef:
              fieldPath: status.podIP
        {{- if eq $kind "StatefulSet" }}
        - name: MULTISYSTEM_PEER_SERVICE
          value: {{ printf "%s.%s.svc.%s" (include "multisystem.headlessServiceName" .) $root.Release.Namespace $global.clusterDomain | quote }}
        - name: MULTISYSTEM_REPLICAS
          value: {{ include "multisystem.replicas" . | quote }}
        {{- end }}
        {{- if $tokensSecret }}
        - name: MULTISYSTEM_SECURITY_TOKENS_FILE
          value: /etc/multisystem/tokens/tokens
        {{- end }}
        {{- with $global.otlp.endpoint }}
        - name: MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT
          value: {{ . | quote }}
        {{- end }}
        {{- if $cfg.config }}
        - name: SPRING_CONFIG_ADDITIONAL_LOCATION
          value: optional:file:/config/
        {{- end }}
        {{- with $global.env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $cfg.env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $cfg.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "multisystem.containerSecurityContext" . | nindent 8 }}
      startupProbe:
        grpc:
          port: {{ $cfg.ports.grpc }}
        {{- toYaml $global.probes.startup | nindent 8 }}
      livenessProbe:
        grpc:
          port: {{ $cfg.ports.grpc }}
        {{- toYaml $global.probes.liveness | nindent 8 }}
      readinessProbe:
        grpc:
          port: {{ $cfg.ports.grpc }}
        {{- toYaml $global.probes.readiness | nindent 8 }}
      volumeMounts:
        - name: data
          mountPath: /data
        - name: tmp
          mountPath: /tmp
        {{- if $tokensSecret }}
        - name: tokens
          mountPath: /etc/multisystem/tokens
          readOnly: true
        {{- end }}
        {{- if $cfg.config }}
        - name: config
          mountPath: /config
          readOnly: true
        {{- end }}
        {{- range $cfg.hostMounts }}
        - name: {{ .name }}
          mountPath: {{ .mountPath }}
          readOnly: {{ .readOnly | default false }}
        {{- end }}
  volumes:
    {{- if not $persistent }}
    - name: data
      emptyDir: {}
    {{- end }}
    - name: tmp
      emptyDir: {}
    {{- if $tokensSecret }}
    - name: tokens
      secret:
        secretName: {{ $tokensSecret }}
        defaultMode: 0440
        items:
          - key: {{ include "multisystem.tokensSecretKey" $root }}
            path: tokens
    {{- end }}
    {{- if $cfg.config }}
    - name: config
      configMap:
        name: {{ include "multisystem.systemFullname" . }}-config
    {{- end }}
    {{- range $cfg.hostMounts }}
    - name: {{ .name }}
      hostPath:
        path: {{ .hostPath }}
        {{- with .type }}
        type: {{ . }}
        {{- end }}
    {{- end }}
  {{- with ($cfg.nodeSelector | default $global.nodeSelector) }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with ($cfg.tolerations | default $global.tolerations) }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with ($cfg.affinity | default $global.affinity) }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
