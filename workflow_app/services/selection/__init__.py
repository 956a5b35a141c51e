"""Selection at a capped level (S1-S5): proposals waiting for a sitting (`proposals`), the
message that moves a proposed dossier on (`delivery`) and the sittings themselves
(`sittings`)."""
