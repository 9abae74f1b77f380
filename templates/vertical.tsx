import type { Template } from '../src/layout/template-types.ts';
import { Card } from './parts/card.tsx';
import { Cover } from './parts/cover.tsx';
import { Footer, RunningHead } from './parts/footer.tsx';
import { Header } from './parts/header.tsx';
import { Year } from './parts/year.tsx';

/** The two-sided vertical timeline: one side's events left of the spine, the other's right, joint events across it. */
export const verticalTemplate: Template = { Header, Cover, Card, Year, Footer, RunningHead };
