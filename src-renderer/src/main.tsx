import { createRoot } from 'react-dom/client';

function App() {
  return <p>Hookbay inspector — UI under construction.</p>;
}

createRoot(document.getElementById('root')!).render(<App />);
