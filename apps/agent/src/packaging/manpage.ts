/** rigshift-agent(8), for the .deb: the commands, the files, where the full guide is. */
import { DEB_LAYOUT } from "./layout";

export function renderManPage(version: string): string {
  return `.TH RIGSHIFT-AGENT 8 "" "rigshift-agent ${version}" "Rigshift"
.SH NAME
rigshift-agent \\- the Rigshift rig agent
.SH SYNOPSIS
.B rigshift-agent run
.RB [ \\-\\-config
.IR FILE ]
.br
.B rigshift-agent inspect
.RB ( \\-\\-nvidia\\-smi\\-xml
.IR FILE " | " \\-\\-nvidia\\-smi\\-csv " " FILE " | " \\-\\-cgminer " " FILE )
.RB [ \\-\\-json ]
.SH DESCRIPTION
The agent samples the rig's GPUs (nvidia\\-smi) or an ASIC (cgminer API), keeps telemetry in an
on\\-disk journal and delivers it to the Rigshift control plane, runs the workload the control
plane chooses among those declared in its config, and takes GPUs that run hot out of work.
It runs as the systemd service
.BR rigshift-agent.service ;
logs go to the journal
.RB ( "journalctl \\-u rigshift\\-agent" ).
.PP
.B inspect
prints what the agent reads from a captured tool output, for support.
.SH FILES
.TP
.I ${DEB_LAYOUT.config}
The configuration: control plane URL, enrollment token, declared workloads, thermal limits,
metrics listener.
.TP
.I ${DEB_LAYOUT.stateDir}
The rig's identity, the telemetry journal, the last desired state.
.SH SEE ALSO
.BR systemctl (1),
.BR journalctl (1);
docs/agent\\-install.md in the Rigshift repository.
`;
}
