// Simulator against Linux: "agree" in green, or the first divergence compareRuns found, in red,
// with both sides' calls; or why there is no verdict yet.
import type React from 'react';
import { Box, Text } from 'ink';
import { Section } from './Section.js';

export type Verdict =
  | { readonly kind: 'agree'; readonly detail?: string }
  | { readonly kind: 'diverge'; readonly text: string }
  | { readonly kind: 'waiting'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface DiffPaneProperties {
  readonly verdict: Verdict;
  readonly width: number;
  readonly height: number;
}

export function DiffPane({ verdict, width, height }: DiffPaneProperties) {
  if (height <= 0) return null;
  const room = height - 1;
  let body: React.ReactNode;
  switch (verdict.kind) {
    case 'agree':
      body = (
        <Text wrap="truncate-end">
          <Text bold color="green">{' ✓ agree'}</Text>
          <Text>{verdict.detail ? `  ${verdict.detail}` : '  the same calls, results, exits and output'}</Text>
        </Text>
      );
      break;
    case 'diverge': {
      const [first, ...rest] = verdict.text.split('\n');
      body = (
        <>
          <Text wrap="truncate-end" bold color="red">{` ✗ differ: ${first}`}</Text>
          {rest.slice(0, Math.max(0, room - 1)).map((line, i) => (
            <Text key={i} wrap="truncate-end" color={/^\s*(sim|native)( \(2\))?:/.test(line) ? 'red' : undefined}
              dimColor={/^\s{4}/.test(line)}>{`   ${line}`}</Text>
          ))}
        </>
      );
      break;
    }
    case 'waiting':
      body = <Text wrap="truncate-end" dimColor>{`   ${verdict.message}`}</Text>;
      break;
    case 'unavailable':
      body = <Text wrap="truncate-end" color="yellow">{`   no comparison: ${verdict.reason}`}</Text>;
      break;
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title="Sim vs Linux" width={width} />
      {body}
    </Box>
  );
}
