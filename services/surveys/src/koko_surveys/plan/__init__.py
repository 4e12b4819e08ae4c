"""Table plans: the fixed tables a study publishes, versioned; a wave pins the version valid
when its field opens."""
