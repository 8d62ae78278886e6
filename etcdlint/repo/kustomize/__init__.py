"""Kustomize: kustomization files, their overlays built the way kustomize builds them
(strategic merge patches, JSON 6902 patches)."""
