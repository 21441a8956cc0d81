"use client";
// The RayCluster manifest as YAML, live, with copy and download.
import { useState } from "react";
import { Badge, Button, Card } from "@/components/ui/primitives";

export function YamlView({ yaml, fileName, status }: { yaml: string; fileName: string; status: { tone: "green" | "red" | "amber" | "neutral"; text: string } }) {
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yaml);
      setCopied("ok");
    } catch {
      // no clipboard permission (e.g. plain http on another host): select the text instead
      const pre = document.getElementById("manifest-yaml");
      if (pre) window.getSelection()?.selectAllChildren(pre);
      setCopied("failed");
    }
    setTimeout(() => setCopied(null), 1500);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Card
      title={
        <span className="flex items-center gap-2 whitespace-nowrap" title="ray.io/v1 RayCluster, checked against KubeRay 1.7.0's CRD schema and KubeRay's rules">
          RayCluster <Badge tone={status.tone}>{status.text}</Badge>
        </span>
      }
      actions={
        <>
          <Button className="px-2 py-1 text-xs" onClick={copy} data-testid="yaml-copy">
            {copied === "ok" ? "Copied" : copied === "failed" ? "Selected: press Ctrl+C" : "Copy"}
          </Button>
          <Button className="px-2 py-1 text-xs" onClick={download} data-testid="yaml-download">
            Download
          </Button>
        </>
      }
    >
      <pre id="manifest-yaml" data-testid="manifest-yaml" className="max-h-[32rem] overflow-auto rounded bg-neutral-950 p-3 font-mono text-xs leading-5 text-neutral-300">
        {yaml}
      </pre>
    </Card>
  );
}
