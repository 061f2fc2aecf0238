import { useMemo } from 'react';
import { CLIP_CHARS } from '../../components/ClippedText';
import { PairTable } from '../../components/PairTable';
import { parseForm } from '../../format/body';

/** Fields shown before "Show more". */
const FORM_PAGE = 500;

export function FormView({ text }: { text: string }) {
  const pairs = useMemo(() => parseForm(text), [text]);
  return <PairTable pairs={pairs} columns={['Field', 'Value']} testId="form-view" pageSize={FORM_PAGE} clipAt={CLIP_CHARS} seeAll="Raw shows them all" />;
}
