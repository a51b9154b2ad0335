import { PageTitle } from '../../components/ui';

// Being built; see the session's closing note.
export function CandidatePage() {
  return <PageTitle title="CandidatePage">CandidatePage</PageTitle>;
}
