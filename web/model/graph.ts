// The page's graph: a graphology graph whose attributes are the core's node and edge attributes.

import type Graph from 'graphology';
import type { VaultEdge, VaultNode } from '../../src/viewer/payload.ts';

export type VaultGraph = Graph<VaultNode, VaultEdge>;
