// Every integration test file, for the code-server runner's single suite bundle.
import './extension.test';
