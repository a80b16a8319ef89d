// First: the first screen's requests go out before the rest of the console evaluates.
import './app/early';
import './ui/tokens.css';
import './ui/base.css';
import './ui/layout.css';
import './ui/badges.css';
import './ui/feedback.css';
import './ui/controls.css';
import './ui/tones.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startApp } from './app/store';
import { startCustomerStores } from './customers/store';
import { startPaletteStore } from './palette/store';

startApp();
startCustomerStores();
startPaletteStore();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
